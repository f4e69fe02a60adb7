"""Wagtail's settings: the admin (no Gravatar, no English guide, named rich-text editors),
documents and images (checked by content, served through the view that checks access), slugs
and dates. Imported by base.py."""

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_COMMENTS_ENABLED = True
# Rich-text editors named for screen readers by their label (website.rich_text).
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "website.rich_text.LabelledDraftailRichTextArea"}
}
# No avatar from Gravatar: it would send a hash of every user's e-mail address to a third party.
# Wagtail shows its own default avatar, or the one a person uploads in their admin account.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No banner « What's new in Wagtail » linking to the English editor guide (website.wagtail_hooks
# also takes the guide out of the help menu), no call to Wagtail's release server.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "csv"]
# Every document uploaded in the admin is checked by its content (website.uploads), like the
# library's files: same formats, same size limit (UPLOAD_MAX_SIZE), same guard against bombs.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "website.document_forms.DocumentForm"
# Every document goes through Django's /documents/ view, which checks the pages that use it
# (website.page_access), whatever the storage: never a direct or redirected storage URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_PASSWORD_RESET_ENABLED = False  # password resets go through the site (allauth)
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
