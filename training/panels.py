"""Admin panels shared by the apps' snippets."""

from wagtail.admin.panels import TitleFieldPanel


class SlugSourcePanel(TitleFieldPanel):
    """A name field that fills in the slug as the trainer types, like a page
    title does, but only while the object is new: a saved slug is referred to
    (imports, catalogue filters) and never changes by itself."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("classname", "")
        kwargs.setdefault("placeholder", False)
        super().__init__(*args, **kwargs)

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_should_apply(self):
            return not (self.instance and self.instance.pk)
