"""Addresses the site keeps for itself."""

# Top-level URL segments that belong to the site itself and can never be a municipality's slug.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "konto",
        "hantera",
        "static",
        "media",
        "flode",
        "oppna-data",
        "fokusomraden",
        "sok",
        "om",
        "prenumerera",
        "tillganglighet",
        "ordlista",
        "i18n",
        "robots.txt",
        "sitemap.xml",
        "health",
    }
)
