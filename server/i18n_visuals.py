"""The visual pages' own interface words (chart, timeline, graph view, query editor) in the
four languages; the site's shared words are in i18n.STRINGS, and no key here repeats one there.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "chart_title": {
        "en": "Returnees per phase",
        "ru": "Вернувшиеся по этапам",
        "fr": "Personnes rapatriées par phase",
        "kk": "Кезеңдер бойынша оралғандар",
    },
    "chart_note": {
        "en": "Each bar is one figure stated by a source; it opens the figure's page, with the "
        "passage that states it. Orphans are counted among the children.",
        "ru": "Каждый столбец — число, названное источником; он ведёт на страницу этого числа "
        "с фрагментом, где оно названо. Сироты входят в число детей.",
        "fr": "Chaque barre est un chiffre énoncé par une source ; elle mène à la page du "
        "chiffre, avec le passage qui l’énonce. Les orphelins sont comptés parmi les enfants.",
        "kk": "Әр баған — дереккөз келтірген сан; ол санның бетіне, оны келтірген үзіндіге "
        "апарады. Жетім балалар балалар санына кіреді.",
    },
    "axis_phase": {"en": "Phase", "ru": "Этап", "fr": "Phase", "kk": "Кезең"},
    "axis_people": {
        "en": "People returned",
        "ru": "Возвращено человек",
        "fr": "Personnes rapatriées",
        "kk": "Оралған адамдар",
    },
    "not_stated": {
        "en": "not stated",
        "ru": "не указано",
        "fr": "non indiqué",
        "kk": "көрсетілмеген",
    },
    "timeline_note": {
        "en": "Every date as its source states it, at its precision: a decade, a year, a month "
        "or a day. Each mark opens the claim, with its evidence.",
        "ru": "Каждая дата — так, как её называет источник, с её точностью: десятилетие, год, "
        "месяц или день. Каждая отметка ведёт к утверждению и его подтверждению.",
        "fr": "Chaque date telle que sa source l’énonce, à sa précision : une décennie, une année, "
        "un mois ou un jour. Chaque marque mène à l’assertion et à sa justification.",
        "kk": "Әр күн дереккөзде айтылғандай, өз дәлдігімен: онжылдық, жыл, ай немесе күн. "
        "Әр белгі тұжырымға және оның дәлеліне апарады.",
    },
    "decade": {
        "en": "the {decade}s",
        "ru": "{decade}-е годы",
        "fr": "les années {decade}",
        "kk": "{decade} жылдар",
    },
    "early_decade": {
        "en": "early {decade}s",
        "ru": "начало {decade}-х годов",
        "fr": "début des années {decade}",
        "kk": "{decade} жылдардың басы",
    },
    "ends": {
        "en": "{event} (end)",
        "ru": "{event} (окончание)",
        "fr": "{event} (fin)",
        "kk": "{event} (аяқталуы)",
    },
    "claim": {"en": "claim", "ru": "утверждение", "fr": "assertion", "kk": "тұжырым"},
    "date": {"en": "Date", "ru": "Дата", "fr": "Date", "kk": "Күні"},
    "event": {"en": "Event", "ru": "Событие", "fr": "Événement", "kk": "Оқиға"},
    "graph_title": {
        "en": "Neighbourhood of {label}",
        "ru": "Связи: {label}",
        "fr": "Voisinage de {label}",
        "kk": "Байланыстары: {label}",
    },
    "graph_note": {
        "en": "Click a node to open its page. The same links are listed below.",
        "ru": "Нажмите на узел, чтобы открыть его страницу. Те же связи перечислены ниже.",
        "fr": "Cliquez sur un nœud pour ouvrir sa page. Les mêmes liens sont listés ci-dessous.",
        "kk": "Бетін ашу үшін түйінді басыңыз. Сол байланыстар төменде берілген.",
    },
    "links_out": {
        "en": "Links from it",
        "ru": "Исходящие связи",
        "fr": "Liens sortants",
        "kk": "Шығыс байланыстар",
    },
    "links_in": {
        "en": "Links to it",
        "ru": "Входящие связи",
        "fr": "Liens entrants",
        "kk": "Кіріс байланыстар",
    },
    "truncated": {
        "en": "Only the first {n} links are shown.",
        "ru": "Показаны только первые {n} связей.",
        "fr": "Seuls les {n} premiers liens sont affichés.",
        "kk": "Тек алғашқы {n} байланыс көрсетілген.",
    },
    "editor_note": {
        "en": "Write a SPARQL query, or pick an example. The prefixes listed below are "
        "predeclared: a query may use them without PREFIX lines.",
        "ru": "Напишите запрос SPARQL или выберите пример. Перечисленные ниже префиксы "
        "объявлены заранее: запрос может использовать их без строк PREFIX.",
        "fr": "Écrivez une requête SPARQL ou choisissez un exemple. Les préfixes ci-dessous sont "
        "prédéclarés : une requête peut les utiliser sans ligne PREFIX.",
        "kk": "SPARQL сұранысын жазыңыз немесе мысалды таңдаңыз. Төмендегі префикстер алдын ала "
        "жарияланған: сұраныс оларды PREFIX жолдарынсыз қолдана алады.",
    },
    "endpoint": {
        "en": "SPARQL endpoint",
        "ru": "Точка доступа SPARQL",
        "fr": "Point d’accès SPARQL",
        "kk": "SPARQL қол жеткізу нүктесі",
    },
    "prefixes": {
        "en": "Predeclared prefixes",
        "ru": "Объявленные префиксы",
        "fr": "Préfixes prédéclarés",
        "kk": "Алдын ала жарияланған префикстер",
    },
    "results_as": {
        "en": "Results as",
        "ru": "Результаты в формате",
        "fr": "Résultats en",
        "kk": "Нәтижелер пішімі",
    },
}
