"""The embeds' addresses on the municipality's page, absolute to this site (SITE_URL): they are
copied into another site's CMS, where a path alone would mean nothing."""

from django import template

from public.embeds import site_url

register = template.Library()


@register.simple_tag
def absolute_address(path: str) -> str:
    """`path` on this site, as a full address."""
    return site_url() + path
