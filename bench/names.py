"""The words the synthetic data is written with: names in English, Russian, French and Kazakh.

Synthetic, like everything in the benchmark's data: code names and people drawn from these
lists are not facts about the world.
"""

from __future__ import annotations

# Code names: (Latin, Russian, Kazakh). The label search looks for these across languages.
CODE_NAMES: tuple[tuple[str, str, str], ...] = (
    ("Zhusan", "Жусан", "Жусан"),
    ("Saryarka", "Сарыарка", "Сарыарқа"),
    ("Tulpar", "Тулпар", "Тұлпар"),
    ("Shanyrak", "Шанырак", "Шаңырақ"),
    ("Bereke", "Береке", "Береке"),
    ("Kyran", "Кыран", "Қыран"),
    ("Aksu", "Аксу", "Ақсу"),
    ("Zhuldyz", "Жулдыз", "Жұлдыз"),
    ("Baiterek", "Байтерек", "Бәйтерек"),
    ("Tumar", "Тумар", "Тұмар"),
    ("Kokzhiek", "Кокжиек", "Көкжиек"),
    ("Umit", "Умит", "Үміт"),
)
# Names of people: (en, ru, fr, kk).
GIVEN_NAMES = (
    ("Aigerim", "Айгерим", "Aïguerim", "Әйгерім"),
    ("Nurlan", "Нурлан", "Nourlan", "Нұрлан"),
    ("Dana", "Дана", "Dana", "Дана"),
    ("Yerlan", "Ерлан", "Erlan", "Ерлан"),
    ("Saule", "Сауле", "Saoulé", "Сәуле"),
    ("Marat", "Марат", "Marat", "Марат"),
    ("Asel", "Асель", "Assel", "Әсел"),
    ("Timur", "Тимур", "Timour", "Темір"),
)
FAMILY_NAMES = (
    ("Akhmetov", "Ахметов", "Akhmetov", "Ахметов"),
    ("Seitkali", "Сейткали", "Seïtkali", "Сейітқали"),
    ("Zhaksylyk", "Жаксылык", "Jaksylyk", "Жақсылық"),
    ("Omarova", "Омарова", "Omarova", "Омарова"),
    ("Bekov", "Беков", "Bekov", "Беков"),
    ("Nurpeisova", "Нурпеисова", "Nourpeïssova", "Нұрпейісова"),
)
CITIES = (
    ("Aktau", "Актау", "Aktaou", "Ақтау"),
    ("Atyrau", "Атырау", "Atyraou", "Атырау"),
    ("Shymkent", "Шымкент", "Chymkent", "Шымкент"),
    ("Taraz", "Тараз", "Taraz", "Тараз"),
    ("Oral", "Уральск", "Ouralsk", "Орал"),
    ("Kostanay", "Костанай", "Kostanaï", "Қостанай"),
)
# (code, en, ru, fr, kk, Wikidata)
COUNTRIES = (
    ("kz", "Kazakhstan", "Казахстан", "Kazakhstan", "Қазақстан", "Q232"),
    ("sy", "Syria", "Сирия", "Syrie", "Сирия", "Q858"),
    ("iq", "Iraq", "Ирак", "Irak", "Ирак", "Q796"),
    ("af", "Afghanistan", "Афганистан", "Afghanistan", "Ауғанстан", "Q889"),
    ("tr", "Turkey", "Турция", "Turquie", "Түркия", "Q43"),
)
SOURCE_LANGUAGES = ("ru", "fr", "en", "kk")
POPULATION = ("persons", "men", "women", "children", "orphans")
