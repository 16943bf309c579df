"""The pages' own words in English, Russian, French and Kazakh, keyed by what they are for.

Every entry has all four languages (a test checks it); `{name}` marks a value put in at render
time. Kazakh is written in Cyrillic, as the graph's `kk` labels are.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "site_name": {
        "en": "Zhusan knowledge graph",
        "ru": "Граф знаний «Жусан»",
        "fr": "Graphe de connaissances Zhusan",
        "kk": "«Жусан» білім графы",
    },
    "tagline": {
        "en": "Operation Zhusan, 2019–2021: every figure with its source",
        "ru": "Операция «Жусан», 2019–2021: каждое число с источником",
        "fr": "L’opération Zhusan, 2019–2021 : chaque chiffre avec sa source",
        "kk": "«Жусан» операциясы, 2019–2021: әр сан дереккөзімен",
    },
    "home": {"en": "Home", "ru": "Главная", "fr": "Accueil", "kk": "Басты бет"},
    "search": {"en": "Search", "ru": "Поиск", "fr": "Rechercher", "kk": "Іздеу"},
    "search_placeholder": {
        "en": "Search by name…",
        "ru": "Поиск по названию…",
        "fr": "Chercher un nom…",
        "kk": "Атауы бойынша іздеу…",
    },
    "browse": {
        "en": "Browse by type",
        "ru": "Обзор по типам",
        "fr": "Parcourir par type",
        "kk": "Түрі бойынша шолу",
    },
    "timeline": {"en": "Timeline", "ru": "Хронология", "fr": "Chronologie", "kk": "Хронология"},
    "query_editor": {
        "en": "Query editor",
        "ru": "Редактор запросов",
        "fr": "Éditeur de requêtes",
        "kk": "Сұраныс редакторы",
    },
    "examples": {
        "en": "Example queries",
        "ru": "Примеры запросов",
        "fr": "Exemples de requêtes",
        "kk": "Сұраныс мысалдары",
    },
    "consistency": {
        "en": "Consistency report",
        "ru": "Проверка согласованности",
        "fr": "Rapport de cohérence",
        "kk": "Үйлесімділік есебі",
    },
    "ontology": {"en": "Ontology", "ru": "Онтология", "fr": "Ontologie", "kk": "Онтология"},
    "dumps": {
        "en": "Downloads",
        "ru": "Выгрузки",
        "fr": "Téléchargements",
        "kk": "Жүктеп алу",
    },
    "language": {"en": "Language", "ru": "Язык", "fr": "Langue", "kk": "Тіл"},
    "intro": {
        "en": "This knowledge graph records what two news articles say about Operation Zhusan, "
        "Kazakhstan's repatriation of its citizens from the conflict zone in Syria in 2019–2021: "
        "its phases, how many men, women and children were brought back, who took part, and "
        "what was said about it. Every figure and fact points to the exact passage of the "
        "article it comes from, so that you can check it yourself.",
        "ru": "Этот граф знаний содержит то, что две новостные статьи сообщают об операции "
        "«Жусан» — возвращении Казахстаном своих граждан из зоны конфликта в Сирии в 2019–2021 "
        "годах: её этапы, сколько мужчин, женщин и детей было возвращено, кто в ней участвовал и "
        "что о ней говорили. Каждое число и каждый факт указывает на точный фрагмент статьи, из "
        "которой он взят, — его можно проверить самостоятельно.",
        "fr": "Ce graphe de connaissances rassemble ce que deux articles de presse disent de "
        "l’opération Zhusan, le rapatriement par le Kazakhstan de ses citoyens de la zone de "
        "conflit en Syrie en 2019–2021 : ses phases, le nombre d’hommes, de femmes et d’enfants "
        "rapatriés, les acteurs, et ce qui en a été dit. Chaque chiffre et chaque fait renvoie au "
        "passage exact de l’article dont il est tiré : vous pouvez le vérifier vous-même.",
        "kk": "Бұл білім графы екі жаңалық мақаласының «Жусан» операциясы — Қазақстанның "
        "2019–2021 жылдары Сириядағы қақтығыс аймағынан өз азаматтарын елге қайтаруы туралы "
        "айтқандарын жинақтайды: оның кезеңдері, қанша ер адам, әйел және бала қайтарылғаны, "
        "оған кімдер қатысқаны және ол туралы не айтылғаны. Әрбір сан мен дерек өзі алынған "
        "мақаладағы нақты үзіндіге сілтейді, сондықтан оны өзіңіз тексере аласыз.",
    },
    "open_operation": {
        "en": "Start with the operation itself",
        "ru": "Начните с самой операции",
        "fr": "Commencer par l’opération elle-même",
        "kk": "Операцияның өзінен бастаңыз",
    },
    "key_figures": {
        "en": "Key figures",
        "ru": "Основные цифры",
        "fr": "Chiffres clés",
        "kk": "Негізгі сандар",
    },
    "key_figures_note": {
        "en": "Each figure opens its own page, with the passage of the source that states it.",
        "ru": "Каждое число ведёт на свою страницу с фрагментом источника, где оно названо.",
        "fr": "Chaque chiffre mène à sa page, avec le passage de la source qui l’énonce.",
        "kk": "Әр сан өз бетіне апарады: онда оны келтірген дереккөз үзіндісі бар.",
    },
    "figures_by_phase": {
        "en": "Figures by phase",
        "ru": "Цифры по этапам",
        "fr": "Chiffres par phase",
        "kk": "Кезеңдер бойынша сандар",
    },
    "ways_in": {
        "en": "Ways in",
        "ru": "С чего начать",
        "fr": "Points d’entrée",
        "kk": "Қайдан бастау керек",
    },
    "sources": {"en": "Sources", "ru": "Источники", "fr": "Sources", "kk": "Дереккөздер"},
    "sources_note": {
        "en": "The graph is built from these two articles only. Neither names an author, a "
        "publisher or a date; the graph records those as unknown rather than guessing.",
        "ru": "Граф построен только по этим двум статьям. Ни в одной не указаны автор, издатель "
        "и дата; граф отмечает их как неизвестные, а не угадывает.",
        "fr": "Le graphe est construit à partir de ces deux articles seulement. Aucun ne nomme "
        "d’auteur, d’éditeur ni de date ; le graphe les note comme inconnus plutôt que de "
        "deviner.",
        "kk": "Граф тек осы екі мақала негізінде құрылған. Екеуінде де автор, баспагер және "
        "күн көрсетілмеген; граф оларды болжамай, белгісіз деп белгілейді.",
    },
    "unknown": {"en": "unknown", "ru": "неизвестно", "fr": "inconnu", "kk": "белгісіз"},
    "title": {"en": "Title", "ru": "Заглавие", "fr": "Titre", "kk": "Тақырыбы"},
    "file": {"en": "File", "ru": "Файл", "fr": "Fichier", "kk": "Файл"},
    "checksum": {
        "en": "sha256 of the file",
        "ru": "sha256 файла",
        "fr": "sha256 du fichier",
        "kk": "файлдың sha256",
    },
    "unknown_fields": {
        "en": "Not known",
        "ru": "Неизвестно",
        "fr": "Inconnu",
        "kk": "Белгісіз",
    },
    "more_than": {"en": "more than {n}", "ru": "более {n}", "fr": "plus de {n}", "kk": "{n} астам"},
    "source_n": {
        "en": "source {key}",
        "ru": "источник {key}",
        "fr": "source {key}",
        "kk": "{key} дереккөз",
    },
    "scope": {"en": "Of", "ru": "Что", "fr": "Portée", "kk": "Нысаны"},
    "category": {"en": "Category", "ru": "Категория", "fr": "Catégorie", "kk": "Санаты"},
    "value": {"en": "Value", "ru": "Значение", "fr": "Valeur", "kk": "Мәні"},
    "source": {"en": "Source", "ru": "Источник", "fr": "Source", "kk": "Дереккөз"},
    "evidence": {"en": "Evidence", "ru": "Подтверждение", "fr": "Justification", "kk": "Дәлел"},
    "paragraph": {"en": "paragraph", "ru": "абзац", "fr": "paragraphe", "kk": "азатжол"},
    "characters": {"en": "characters", "ru": "символы", "fr": "caractères", "kk": "таңбалар"},
    "evidence_note": {
        "en": "Paragraphs are the lines of the source file, counted from 0; characters are "
        "Unicode code points, the end excluded.",
        "ru": "Абзацы — строки файла источника, считая с 0; символы — кодовые позиции Unicode, "
        "конец не включается.",
        "fr": "Les paragraphes sont les lignes du fichier source, comptées à partir de 0 ; les "
        "caractères sont des points de code Unicode, la fin exclue.",
        "kk": "Азатжолдар — дереккөз файлының жолдары, 0-ден бастап саналады; таңбалар — "
        "Unicode кодтық нүктелері, соңғысы кірмейді.",
    },
    "passage_unavailable": {
        "en": "The source text is not available on this server.",
        "ru": "Текст источника на этом сервере недоступен.",
        "fr": "Le texte source n’est pas disponible sur ce serveur.",
        "kk": "Дереккөз мәтіні бұл серверде жоқ.",
    },
    "passage_mismatch": {
        "en": "The source file on this server does not match the checksum in the graph; its "
        "text is not shown.",
        "ru": "Файл источника на этом сервере не совпадает с контрольной суммой в графе; его "
        "текст не показан.",
        "fr": "Le fichier source présent sur ce serveur ne correspond pas à la somme de contrôle "
        "du graphe ; son texte n’est pas affiché.",
        "kk": "Осы сервердегі дереккөз файлы графтағы бақылау сомасына сәйкес келмейді; оның "
        "мәтіні көрсетілмейді.",
    },
    "types": {"en": "Types", "ru": "Типы", "fr": "Types", "kk": "Түрлері"},
    "statements": {"en": "Statements", "ru": "Утверждения", "fr": "Déclarations", "kk": "Деректер"},
    "figures": {"en": "Figures", "ru": "Цифры", "fr": "Chiffres", "kk": "Сандар"},
    "remarks": {"en": "Remarks", "ru": "Высказывания", "fr": "Propos", "kk": "Пікірлер"},
    "positions": {"en": "Positions", "ru": "Должности", "fr": "Fonctions", "kk": "Лауазымдар"},
    "disagreements": {
        "en": "Where the sources disagree",
        "ru": "В чём источники расходятся",
        "fr": "Là où les sources divergent",
        "kk": "Дереккөздер келіспейтін жерлер",
    },
    "disagreement_note": {
        "en": "Both values are kept, each with the source that states it.",
        "ru": "Сохранены оба значения, каждое со своим источником.",
        "fr": "Les deux valeurs sont conservées, chacune avec la source qui l’énonce.",
        "kk": "Екі мән де сақталған, әрқайсысы өз дереккөзімен.",
    },
    "incoming": {
        "en": "Links to this page",
        "ru": "Ссылки на эту страницу",
        "fr": "Liens vers cette page",
        "kk": "Осы бетке сілтемелер",
    },
    "in_other_languages": {
        "en": "In other languages",
        "ru": "На других языках",
        "fr": "Dans d’autres langues",
        "kk": "Басқа тілдерде",
    },
    "label": {"en": "Label", "ru": "Название", "fr": "Libellé", "kk": "Атауы"},
    "description": {
        "en": "Description",
        "ru": "Описание",
        "fr": "Description",
        "kk": "Сипаттамасы",
    },
    "also_known_as": {
        "en": "Also known as",
        "ru": "Также известно как",
        "fr": "Également connu sous le nom de",
        "kk": "Басқа атаулары",
    },
    "reference_data": {
        "en": "reference data",
        "ru": "справочные данные",
        "fr": "données de référence",
        "kk": "анықтамалық деректер",
    },
    "inferred": {"en": "inferred", "ru": "выведено", "fr": "inféré", "kk": "шығарылған"},
    "ontology_graph": {"en": "ontology", "ru": "онтология", "fr": "ontologie", "kk": "онтология"},
    "machine_readable": {
        "en": "This page as data",
        "ru": "Эта страница в виде данных",
        "fr": "Cette page sous forme de données",
        "kk": "Бұл бет деректер түрінде",
    },
    "not_found": {
        "en": "Nothing is known about this IRI",
        "ru": "Об этом IRI ничего не известно",
        "fr": "Rien n’est connu sur cet IRI",
        "kk": "Бұл IRI туралы ештеңе белгісіз",
    },
    "not_found_detail": {
        "en": "The graph holds no statement about {iri}. Try the search or browse by type.",
        "ru": "В графе нет утверждений о {iri}. Воспользуйтесь поиском или обзором по типам.",
        "fr": "Le graphe ne contient aucune déclaration sur {iri}. Essayez la recherche ou le "
        "parcours par type.",
        "kk": "Графта {iri} туралы дерек жоқ. Іздеуді немесе түрі бойынша шолуды қолданыңыз.",
    },
    "said_by": {"en": "By", "ru": "Кто", "fr": "Par", "kk": "Кім"},
    "said_at": {"en": "At", "ru": "Где", "fr": "Lors de", "kk": "Қайда"},
    "about": {"en": "About", "ru": "О чём", "fr": "Sujet", "kk": "Не туралы"},
    "gist": {"en": "In short", "ru": "Суть", "fr": "En bref", "kk": "Түйіні"},
    "role": {"en": "Role", "ru": "Роль", "fr": "Rôle", "kk": "Рөлі"},
    "organisation": {"en": "Organisation", "ru": "Организация", "fr": "Organisation", "kk": "Ұйым"},
    "person": {"en": "Person", "ru": "Лицо", "fr": "Personne", "kk": "Адам"},
    "results_for": {
        "en": "Results for “{q}”",
        "ru": "Результаты по запросу «{q}»",
        "fr": "Résultats pour « {q} »",
        "kk": "«{q}» бойынша нәтижелер",
    },
    "no_results": {
        "en": "Nothing matches. Names are searched in English, Russian, French and Kazakh; case "
        "and accents do not matter.",
        "ru": "Ничего не найдено. Поиск идёт по названиям на английском, русском, французском и "
        "казахском; регистр и диакритика не важны.",
        "fr": "Aucun résultat. La recherche porte sur les noms en anglais, russe, français et "
        "kazakh ; la casse et les accents sont ignorés.",
        "kk": "Ештеңе табылмады. Атаулар ағылшын, орыс, француз және қазақ тілдерінде "
        "ізделеді; әріп регистрі мен диакритика маңызды емес.",
    },
    "search_help": {
        "en": "Type a name in any of the four languages: “жусан”, “Voronkov”, “Comite de la "
        "securite”.",
        "ru": "Введите название на любом из четырёх языков: «жусан», «Воронков», «Comite de la "
        "securite».",
        "fr": "Saisissez un nom dans l’une des quatre langues : « жусан », « Voronkov », "
        "« Comite de la securite ».",
        "kk": "Төрт тілдің кез келгенінде атау енгізіңіз: «жусан», «Воронков», «Comite de la "
        "securite».",
    },
    "matched": {"en": "matched", "ru": "совпадение", "fr": "correspondance", "kk": "сәйкестік"},
    "classes": {"en": "Types", "ru": "Типы", "fr": "Types", "kk": "Түрлер"},
    "instances": {"en": "Instances", "ru": "Экземпляры", "fr": "Instances", "kk": "Даналар"},
    "count_of": {"en": "Number", "ru": "Количество", "fr": "Nombre", "kk": "Саны"},
    "all_types": {"en": "All types", "ru": "Все типы", "fr": "Tous les types", "kk": "Барлық түр"},
    "checks": {"en": "Checks", "ru": "Проверки", "fr": "Vérifications", "kk": "Тексерулер"},
    "consistency_intro": {
        "en": "Every sum the figures imply, checked: a check passes, fails, or stays undecided "
        "when a figure it needs is not stated. Figures of different sources are only compared "
        "where that is the point of the check.",
        "ru": "Проверена каждая сумма, которую подразумевают цифры: проверка проходит, не "
        "проходит или остаётся нерешённой, если нужная цифра не названа. Цифры разных "
        "источников сравниваются только там, где в этом и состоит проверка.",
        "fr": "Chaque somme qu’impliquent les chiffres est vérifiée : une vérification réussit, "
        "échoue ou reste indécise lorsqu’un chiffre nécessaire n’est pas énoncé. Les chiffres "
        "de sources différentes ne sont comparés que lorsque c’est l’objet de la vérification.",
        "kk": "Сандардан туындайтын әрбір қосынды тексерілген: тексеру өтеді, өтпейді немесе "
        "қажетті сан айтылмаса, шешілмеген күйде қалады. Әр түрлі дереккөздердің сандары тек "
        "тексерудің мақсаты сол болғанда ғана салыстырылады.",
    },
    "check_parts_make_total": {
        "en": "men + women + children = total",
        "ru": "мужчины + женщины + дети = всего",
        "fr": "hommes + femmes + enfants = total",
        "kk": "ерлер + әйелдер + балалар = барлығы",
    },
    "check_orphans_within_children": {
        "en": "orphans ≤ children",
        "ru": "сироты ≤ дети",
        "fr": "orphelins ≤ enfants",
        "kk": "жетім балалар ≤ балалар",
    },
    "check_phases_add_up": {
        "en": "sum of the phases, {category}",
        "ru": "сумма по этапам, {category}",
        "fr": "somme des phases, {category}",
        "kk": "кезеңдер қосындысы, {category}",
    },
    "status_pass": {"en": "pass", "ru": "верно", "fr": "réussi", "kk": "дұрыс"},
    "status_fail": {"en": "fail", "ru": "ошибка", "fr": "échec", "kk": "қате"},
    "status_undecided": {
        "en": "undecided",
        "ru": "не решено",
        "fr": "indécis",
        "kk": "шешілмеген",
    },
    "check": {"en": "Check", "ru": "Проверка", "fr": "Vérification", "kk": "Тексеру"},
    "result": {"en": "Result", "ru": "Результат", "fr": "Résultat", "kk": "Нәтиже"},
    "detail": {"en": "Detail", "ru": "Подробности", "fr": "Détail", "kk": "Толығырақ"},
    "property": {"en": "Property", "ru": "Свойство", "fr": "Propriété", "kk": "Қасиет"},
    "none": {"en": "none", "ru": "нет", "fr": "aucune", "kk": "жоқ"},
    "queries_intro": {
        "en": "Ready-made questions to the graph. Run one to see its answer as a table, or "
        "open it in the editor to change it.",
        "ru": "Готовые вопросы к графу. Выполните запрос, чтобы увидеть ответ в виде таблицы, "
        "или откройте его в редакторе, чтобы изменить.",
        "fr": "Des questions toutes prêtes à poser au graphe. Exécutez-en une pour voir la "
        "réponse sous forme de tableau, ou ouvrez-la dans l’éditeur pour la modifier.",
        "kk": "Графқа дайын сұрақтар. Жауабын кесте түрінде көру үшін сұранысты орындаңыз "
        "немесе өзгерту үшін оны редакторда ашыңыз.",
    },
    "run": {"en": "Run", "ru": "Выполнить", "fr": "Exécuter", "kk": "Орындау"},
    "open_in_editor": {
        "en": "Open in the editor",
        "ru": "Открыть в редакторе",
        "fr": "Ouvrir dans l’éditeur",
        "kk": "Редакторда ашу",
    },
    "show_query": {
        "en": "Show the query",
        "ru": "Показать запрос",
        "fr": "Afficher la requête",
        "kk": "Сұранысты көрсету",
    },
    "download": {"en": "Download", "ru": "Скачать", "fr": "Télécharger", "kk": "Жүктеу"},
    "rows": {"en": "{n} rows", "ru": "строк: {n}", "fr": "{n} lignes", "kk": "{n} жол"},
    "answer_yes": {"en": "yes", "ru": "да", "fr": "oui", "kk": "иә"},
    "answer_no": {"en": "no", "ru": "нет", "fr": "non", "kk": "жоқ"},
    "classes_heading": {"en": "Classes", "ru": "Классы", "fr": "Classes", "kk": "Кластар"},
    "properties_heading": {
        "en": "Properties",
        "ru": "Свойства",
        "fr": "Propriétés",
        "kk": "Қасиеттер",
    },
    "schemes_heading": {
        "en": "Concept schemes",
        "ru": "Схемы понятий",
        "fr": "Schémas de concepts",
        "kk": "Ұғымдар сұлбалары",
    },
    "reused_heading": {
        "en": "Terms reused from other vocabularies",
        "ru": "Термины из других словарей",
        "fr": "Termes repris d’autres vocabulaires",
        "kk": "Басқа сөздіктерден алынған терминдер",
    },
    "definition": {"en": "Definition", "ru": "Определение", "fr": "Définition", "kk": "Анықтамасы"},
    "domain": {"en": "Domain", "ru": "Область определения", "fr": "Domaine", "kk": "Анықталу аясы"},
    "range": {"en": "Range", "ru": "Область значений", "fr": "Portée", "kk": "Мәндер аясы"},
    "subclass_of": {
        "en": "Subclass of",
        "ru": "Надкласс",
        "fr": "Sous-classe de",
        "kk": "Ата-класы",
    },
    "subproperty_of": {
        "en": "Subproperty of",
        "ru": "Надсвойство",
        "fr": "Sous-propriété de",
        "kk": "Ата-қасиеті",
    },
    "subclasses": {
        "en": "Subclasses",
        "ru": "Подклассы",
        "fr": "Sous-classes",
        "kk": "Ішкі кластары",
    },
    "domain_of": {
        "en": "Properties of",
        "ru": "Свойства этого класса",
        "fr": "Propriétés de cette classe",
        "kk": "Осы кластың қасиеттері",
    },
    "range_of": {
        "en": "Value of",
        "ru": "Значение свойств",
        "fr": "Valeur des propriétés",
        "kk": "Мәні болатын қасиеттер",
    },
    "characteristics": {
        "en": "Characteristics",
        "ru": "Характеристики",
        "fr": "Caractéristiques",
        "kk": "Сипаттамалары",
    },
    "version": {"en": "Version", "ru": "Версия", "fr": "Version", "kk": "Нұсқасы"},
    "license": {"en": "Licence", "ru": "Лицензия", "fr": "Licence", "kk": "Лицензия"},
    "creator": {"en": "Creator", "ru": "Автор", "fr": "Auteur", "kk": "Авторы"},
    "namespace": {
        "en": "Namespace",
        "ru": "Пространство имён",
        "fr": "Espace de noms",
        "kk": "Атаулар кеңістігі",
    },
    "concepts": {"en": "Concepts", "ru": "Понятия", "fr": "Concepts", "kk": "Ұғымдар"},
    "broader": {"en": "Broader", "ru": "Шире", "fr": "Plus large", "kk": "Кеңірек"},
    "store_version": {
        "en": "Store version",
        "ru": "Версия хранилища",
        "fr": "Version du dépôt",
        "kk": "Қойма нұсқасы",
    },
    "triples": {
        "en": "{n} triples",
        "ru": "триплетов: {n}",
        "fr": "{n} triplets",
        "kk": "{n} үштік",
    },
    "data_license": {
        "en": "Data: CC0 1.0. Facts are taken from the two source articles.",
        "ru": "Данные: CC0 1.0. Факты взяты из двух статей-источников.",
        "fr": "Données : CC0 1.0. Les faits proviennent des deux articles sources.",
        "kk": "Деректер: CC0 1.0. Деректер екі дереккөз мақаладан алынған.",
    },
    "way_search": {
        "en": "Find a person, place, organisation or event by name.",
        "ru": "Найти человека, место, организацию или событие по названию.",
        "fr": "Trouver une personne, un lieu, une organisation ou un événement par son nom.",
        "kk": "Адамды, орынды, ұйымды не оқиғаны атауы бойынша табу.",
    },
    "way_browse": {
        "en": "Everything in the graph, grouped by kind.",
        "ru": "Всё содержимое графа, сгруппированное по видам.",
        "fr": "Tout le contenu du graphe, regroupé par nature.",
        "kk": "Графтағы барлық нәрсе, түрлері бойынша топтастырылған.",
    },
    "way_timeline": {
        "en": "The phases and events in order of time.",
        "ru": "Этапы и события по порядку во времени.",
        "fr": "Les phases et les événements dans l’ordre du temps.",
        "kk": "Кезеңдер мен оқиғалар уақыт ретімен.",
    },
    "way_sparql": {
        "en": "Ask your own questions in SPARQL.",
        "ru": "Задайте свои вопросы на SPARQL.",
        "fr": "Posez vos propres questions en SPARQL.",
        "kk": "Өз сұрақтарыңызды SPARQL тілінде қойыңыз.",
    },
    "way_examples": {
        "en": "Ready-made questions with their answers.",
        "ru": "Готовые вопросы с ответами.",
        "fr": "Des questions toutes faites et leurs réponses.",
        "kk": "Дайын сұрақтар және олардың жауаптары.",
    },
    "way_consistency": {
        "en": "Do the figures add up? Where do the sources differ?",
        "ru": "Сходятся ли цифры? Где источники расходятся?",
        "fr": "Les chiffres concordent-ils ? Où les sources divergent-elles ?",
        "kk": "Сандар сәйкес пе? Дереккөздер қай жерде келіспейді?",
    },
    "way_dumps": {
        "en": "The whole graph as files, with checksums.",
        "ru": "Весь граф в виде файлов с контрольными суммами.",
        "fr": "Tout le graphe sous forme de fichiers, avec sommes de contrôle.",
        "kk": "Бүкіл граф файлдар түрінде, бақылау сомаларымен.",
    },
    "way_ontology": {
        "en": "The classes and properties, in four languages.",
        "ru": "Классы и свойства на четырёх языках.",
        "fr": "Les classes et propriétés, en quatre langues.",
        "kk": "Кластар мен қасиеттер төрт тілде.",
    },
    "graph_view": {
        "en": "See its connections as a graph",
        "ru": "Связи в виде графа",
        "fr": "Voir ses liens en graphe",
        "kk": "Байланыстарын граф түрінде көру",
    },
    "way_chart": {
        "en": "Who was brought back in each phase, as a chart.",
        "ru": "Кого вернули на каждом этапе — в виде диаграммы.",
        "fr": "Les personnes rapatriées à chaque phase, en diagramme.",
        "kk": "Әр кезеңде кімдер қайтарылды — диаграмма түрінде.",
    },
    "stated_in": {"en": "stated in", "ru": "указано в", "fr": "énoncé dans", "kk": "көрсетілген"},
    "supports": {"en": "Supports", "ru": "Подтверждает", "fr": "Étaye", "kk": "Растайды"},
    "passage": {"en": "Passage", "ru": "Фрагмент", "fr": "Passage", "kk": "Үзінді"},
    "iri": {"en": "IRI", "ru": "IRI", "fr": "IRI", "kk": "IRI"},
    "show_all": {
        "en": "show all {n}",
        "ru": "показать все ({n})",
        "fr": "afficher les {n}",
        "kk": "барлығын көрсету ({n})",
    },
    "own_types": {
        "en": "Kinds of things in this graph",
        "ru": "Виды объектов этого графа",
        "fr": "Les types propres à ce graphe",
        "kk": "Осы графтағы нысан түрлері",
    },
    "other_types": {
        "en": "Types from other vocabularies",
        "ru": "Типы из других словарей",
        "fr": "Types issus d’autres vocabulaires",
        "kk": "Басқа сөздіктердегі түрлер",
    },
    "and_more": {
        "en": "and {n} more",
        "ru": "и ещё {n}",
        "fr": "et {n} de plus",
        "kk": "және тағы {n}",
    },
}
