"""The editors' image upload form: Wagtail's, with a pixel limit a council page needs and an
error that says what to do about it."""

from wagtail.images.forms import BaseImageForm

# The limit is settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS: a page shows an image at most about
# 2,000 pixels wide, and a 24-megapixel camera photo (6000 x 4000) still goes in. Rendering a
# much larger one grew a worker to about 380 MB (a 121-megapixel upload, seen in the audit).
TOO_MANY_PIXELS = (
    "This image is too big to use on a page: it has %(num_pixels)s pixels, and images can have "
    "up to %(max_pixels_count)s (for example 6000 by 4000 pixels). Make it smaller in a photo "
    "app, or export it at a lower size, then upload it again."
)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["file_too_many_pixels"] = TOO_MANY_PIXELS
