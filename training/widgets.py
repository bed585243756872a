"""Admin widgets that give Wagtail's editors an accessible name."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.rich_text import DraftailRichTextArea


class LabelledDraftailRichTextArea(DraftailRichTextArea):
    """Draftail named by its field's label. A rich-text field in a panel renders
    a label for a hidden input, which leaves the editable area unnamed (axe:
    aria-input-field-name); Wagtail's field template gives the label the id
    ``<input id>-label``. Rich text in StreamField blocks is built in the browser
    and named by the block, so only this server-side render changes."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id")
        if widget_id:
            options = {**self.options, "ariaLabelledBy": f"{widget_id}-label"}
            context["widget"]["attrs"]["data-w-init-detail-value"] = json.dumps(
                options, cls=DjangoJSONEncoder
            )
        return context
