"""``{% glossary_links page %}…{% endglossary_links %}``: links the first
occurrence of each glossary term in the enclosed rendered HTML to its entry
in the glossary of the workspace ``page`` belongs to (see ../linking.py).

The terms are loaded once per template render (one query, however many
blocks use the tag), and "first occurrence" counts across all blocks of
that render, so a term linked in the introduction is not linked again in
the body. Outside workspaces the content passes through unchanged."""

from django import template
from django.utils.safestring import mark_safe

from ..linking import glossary_for_page

register = template.Library()

_STATE = "workspace_glossary_links"


class GlossaryLinksNode(template.Node):
    """Renders its content, then adds the glossary links."""

    def __init__(self, page, nodelist):
        self.page = page
        self.nodelist = nodelist

    def render(self, context):
        markup = self.nodelist.render(context)
        page = self.page.resolve(context)
        if page is None or not getattr(page, "path", ""):
            return markup
        state = _state(context)
        entry = state.get(page.pk)
        if entry is None:
            entry = state[page.pk] = (glossary_for_page(page, context.get("request")), set())
        glossary, linked = entry
        if not glossary:
            return markup
        return mark_safe(glossary.link_html(markup, linked))


def _state(context):
    """Per-render state, shared by every use of the tag in one template
    render (the intro and the body of a page)."""
    render_context = context.render_context
    # The outermost level: shared by the blocks of a page and its base template.
    outer = render_context.dicts[0]
    return outer.setdefault(_STATE, {})


@register.tag("glossary_links")
def glossary_links(parser, token):
    """``{% glossary_links page %}…{% endglossary_links %}``."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the page")
    nodelist = parser.parse(("endglossary_links",))
    parser.delete_first_token()
    return GlossaryLinksNode(parser.compile_filter(bits[1]), nodelist)
