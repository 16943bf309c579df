// The query editor: YASGUI (served from /static/vendor) held to this server's endpoint. Its
// configuration comes from the page (#editor-config, JSON); without JavaScript, or when the
// bundle is missing, the page's plain form and example list stay as they are.
//
// What YASGUI would fetch from another origin, and how each is stopped (the full list is at the
// top of scripts/vendor-assets.sh); the site's Content-Security-Policy (connect-src 'self')
// refuses anything missed here:
//   - the default endpoint (dbpedia.org) and the endpoint catalogue (dbpedia, wikidata):
//     requestConfig.endpoint and endpointCatalogueOptions name only our endpoint, and the
//     endpoint field is hidden (visuals.css) so no other server can be typed in;
//   - an endpoint given in the page URL (#endpoint=…): populateFromUrl is off, and the URL is
//     read here, for its query only;
//   - the property and class completions (lov.linkeddata.es): removed from the defaults before
//     the editor exists (lodash merges lists by index, so a shorter list in the config would not
//     remove them);
//   - the prefix list (a copy of prefix.cc inside the bundle): replaced by /prefixes.json;
//   - corsProxy and createShortLink stay unset.
(function () {
  "use strict";
  var configElement = document.getElementById("editor-config");
  var host = document.getElementById("yasgui");
  if (!configElement || !host || typeof window.Yasgui !== "function") return;
  var config = JSON.parse(configElement.textContent);
  var Yasgui = window.Yasgui;

  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  knowPredeclaredPrefixes(Yasgui.Yasqe, config.prefixes);
  linkResultsToLocalPages(Yasgui.Yasr.plugins.table, config.links);
  showPlainValues(Yasgui.Yasr.plugins.table);

  var errorBox = document.createElement("div");
  errorBox.className = "query-error";
  errorBox.setAttribute("role", "alert");
  errorBox.hidden = true;

  // Each tab's YASR puts its own renderers before the defaults; ours turns every refusal into
  // the server's message, shown under the query as well.
  Yasgui.Yasr.defaults.errorRenderers = [
    function (error) { return Promise.resolve(showError(error.text)); },
  ];

  // YASGUI builds URLs from the endpoint (new URL(endpoint)): it must be absolute there.
  var endpointUrl = new URL(config.endpoint, window.location.href).href;
  var yasgui = new Yasgui(host, {
    // The formats are asked for by name: with */* the server's error would come back as an
    // HTML page, which YASR cannot show. A refused query then answers in plain text.
    requestConfig: {
      endpoint: endpointUrl,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpointUrl }]; },
    },
    copyEndpointOnNewTab: false,
    populateFromUrl: false,
    persistenceId: null, // a stored tab could name another endpoint; each visit starts afresh
    autofocus: false,
    yasqe: {
      value: config.defaultQuery,
      prefixCcApi: config.prefixesUrl,
      consumeShareLink: null,
      createShortLink: undefined,
      collapsePrefixesOnLoad: false,
      // CodeMirror's own input gets the plain form's label (axe: every field has a name).
      screenReaderLabel: (document.querySelector("label[for=query-text]") || {}).textContent,
    },
    yasr: {
      prefixes: config.prefixes,
      persistenceId: null,
    },
    tabName: config.words.tab,
  });
  document.getElementById("plain-editor").hidden = true;
  var downloads = document.getElementById("query-downloads");
  downloads.hidden = false;

  function editor() {
    return yasgui.getTab().getYasqe();
  }

  function load(text) {
    var tab = yasgui.getTab();
    if (tab.getEndpoint() !== endpointUrl) tab.setEndpoint(endpointUrl);
    editor().setValue(text);
    updateDownloads();
  }

  function updateDownloads() {
    var text = editor().getValue();
    downloads.querySelectorAll("a[data-format]").forEach(function (link) {
      link.href = config.endpoint + "?query=" + encodeURIComponent(text) +
        "&format=" + link.dataset.format;
    });
  }

  function fromAddress() {
    var hash = new URLSearchParams(window.location.hash.slice(1));
    if (hash.has("query")) return hash.get("query");
    var name = new URLSearchParams(window.location.search).get("example");
    var saved = config.queries.filter(function (q) { return q.name === name; })[0];
    return saved ? saved.text : null;
  }

  // The server's message, next to the query, with the place it names marked in the editor.
  var marks = [];
  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    marks.forEach(function (mark) { mark.clear(); });
    marks = [];
  }

  function serverMessage(text) {
    var body = (text || "").trim();
    if (body.charAt(0) === "{") {
      try {
        var parsed = JSON.parse(body);
        return parsed.detail || parsed.message || parsed.title || body;
      } catch (ignored) { /* not JSON after all: shown as it came */ }
    }
    return body;
  }

  function showError(text) {
    var message = serverMessage(text);
    var place = /(\d+):(\d+)/.exec(message);
    var yasqe = editor();
    clearError();
    var heading = document.createElement("strong");
    heading.textContent = config.words.error;
    errorBox.appendChild(heading);
    if (place) {
      var line = Number(place[1]);
      var column = Number(place[2]);
      var where = document.createElement("span");
      where.className = "query-error-place";
      where.textContent = " " + config.words.place
        .replace("{line}", line).replace("{column}", column);
      errorBox.appendChild(where);
      var lineIndex = Math.min(Math.max(line - 1, 0), yasqe.lineCount() - 1);
      var length = yasqe.getLine(lineIndex).length;
      var from = Math.min(Math.max(column - 1, 0), Math.max(length - 1, 0));
      marks.push(yasqe.markText(
        { line: lineIndex, ch: from }, { line: lineIndex, ch: Math.max(from + 1, length ? from + 1 : 0) },
        { className: "query-error-mark" }
      ));
      var handle = yasqe.addLineClass(lineIndex, "background", "query-error-line");
      marks.push({ clear: function () { yasqe.removeLineClass(handle, "background", "query-error-line"); } });
    }
    var pre = document.createElement("pre");
    pre.textContent = message;
    errorBox.appendChild(pre);
    errorBox.hidden = false;
    var root = yasqe.getWrapperElement().parentNode;
    if (errorBox.parentNode !== root.parentNode || errorBox.previousSibling !== root) {
      root.parentNode.insertBefore(errorBox, root.nextSibling);
    }
    var copy = errorBox.cloneNode(true);
    copy.className = "query-error-result";
    copy.removeAttribute("role");
    copy.hidden = false;
    return copy;
  }
  yasgui.on("query", clearError);

  var asked = fromAddress();
  if (asked !== null) load(asked);
  updateDownloads();
  yasgui.on("tabChange", updateDownloads);
  yasgui.on("tabSelect", function () { window.setTimeout(updateDownloads, 0); });
  editor().on("change", updateDownloads);
  window.addEventListener("hashchange", function () {
    var text = fromAddress();
    if (text !== null) load(text);
  });

  document.querySelectorAll("#example-queries a.example").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var saved = config.queries.filter(function (q) { return q.name === link.dataset.name; })[0];
      if (!saved) return;
      event.preventDefault();
      load(saved.text);
      window.history.replaceState(null, "", link.getAttribute("href"));
      host.scrollIntoView({ block: "start" });
    });
  });

  // The syntax check knows the prefixes the endpoint predeclares, so a query may use zh: or
  // phase: without PREFIX lines: every parse starts with them declared.
  function knowPredeclaredPrefixes(Yasqe, prefixes) {
    var CodeMirror = Object.getPrototypeOf(Yasqe);
    var sparql = CodeMirror.modes && CodeMirror.modes.sparql11;
    if (!sparql) return;
    CodeMirror.defineMode("sparql11", function (options, modeOptions) {
      var mode = sparql(options, modeOptions);
      var startState = mode.startState;
      mode.startState = function () {
        var state = startState.apply(this, arguments);
        state.prefixes = Object.assign({}, prefixes, state.prefixes);
        return state;
      };
      return mode;
    });
  }

  // A literal shows its value, as a reader writes it: 171, not "171"^^xsd:integer; its
  // datatype or language stays one hover away.
  function showPlainValues(Table) {
    if (!Table) return;
    Table.prototype.formatLiteral = function (binding) {
      var span = document.createElement("span");
      span.textContent = binding.value;
      var kind = binding["xml:lang"] ? "@" + binding["xml:lang"] : binding.datatype;
      if (kind) span.title = kind;
      if (binding["xml:lang"]) span.lang = binding["xml:lang"];
      return span.outerHTML;
    };
  }

  // IRIs of this graph open this server's page for them, in the same tab; others keep theirs.
  function linkResultsToLocalPages(Table, links) {
    if (!Table) return;
    Table.defaults.openIriInNewWindow = false;
    var original = Table.prototype.getUriLinkFromBinding;
    Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      var html = original.call(this, binding, prefixes);
      var local = localUrl(binding.value, links);
      if (!local) return html;
      var holder = document.createElement("template");
      holder.innerHTML = html;
      var anchor = holder.content.querySelector("a");
      if (!anchor) return html;
      anchor.setAttribute("href", local);
      anchor.removeAttribute("target");
      anchor.setAttribute("title", binding.value);
      return holder.innerHTML;
    };
  }

  function localUrl(iri, links) {
    for (var i = 0; i < links.length; i++) {
      var namespace = links[i][0];
      var local = links[i][1];
      if (iri.indexOf(namespace) === 0 && iri.length > namespace.length) {
        var rest = iri.slice(namespace.length);
        if (local.slice(-1) === "#") return local + encodeURIComponent(rest);
        return local + encodeURI(rest.split("#")[0]);
      }
    }
    return null;
  }
})();
