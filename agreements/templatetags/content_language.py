"""Marks what municipalities and the police wrote (always Swedish) as Swedish on a page in another
language, so that a screen reader reading the English page pronounces it as Swedish."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def content_lang():
    """` lang="sv"` inside an element's start tag when the page is not in Swedish, else nothing:
    `<p class="commitment"{% content_lang %}>`."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


class SwedishNode(template.Node):
    def __init__(self, nodelist, element):
        self.nodelist = nodelist
        self.element = element

    def render(self, context):
        content = self.nodelist.render(context)
        if translation.get_language() == settings.LANGUAGE_CODE:
            return content
        return format_html('<{0} lang="{1}">{2}</{0}>', self.element, settings.LANGUAGE_CODE, content)


@register.tag
def swedish(parser, token):
    """`{% swedish %}…{% endswedish %}` (or `{% swedish span %}` inline): the content as it is on a
    Swedish page (and in the PDF), wrapped in an element with `lang="sv"` on a page in another
    language, where no existing element holds the Swedish text alone."""
    bits = token.split_contents()
    if len(bits) > 2 or (len(bits) == 2 and bits[1] not in ("div", "span")):
        raise template.TemplateSyntaxError("{% swedish %} takes nothing, div or span.")
    nodelist = parser.parse(("endswedish",))
    parser.delete_first_token()
    return SwedishNode(nodelist, bits[1] if len(bits) == 2 else "div")
