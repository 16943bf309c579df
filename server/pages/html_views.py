"""The pages that the SPARQL endpoint and the linked-data routes hand to a browser.

Those layers sit below the pages, so they reach these views through the application's state
(`server.core.state.HtmlViews`) instead of importing this package.
"""

from __future__ import annotations

from flask import Response

from server.pages.views import entity_page, ontology_page, page
from server.pages.visuals import editor_page


class PageViews:
    def entity(self, iri: str) -> Response:
        return entity_page(iri)

    def ontology(self) -> Response:
        return ontology_page()

    def editor(self) -> Response:
        return page("sparql.html", editor=editor_page())
