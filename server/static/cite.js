// The copy buttons of the "cite this" block: copy the text of the <pre> a button names.
// Without JavaScript the buttons stay hidden and the text can be selected by hand.
document.querySelectorAll("button.copy[data-copy]").forEach((button) => {
  const target = document.getElementById(button.dataset.copy);
  if (!target) return;
  button.hidden = false;
  const label = button.textContent;
  button.addEventListener("click", async () => {
    const text = target.textContent;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard (an insecure origin): select the text so that Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(target);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    button.textContent = button.dataset.copied;
    setTimeout(() => { button.textContent = label; }, 1500);
  });
});
