"""A simple logo for the demo's fictional council, drawn here so nothing is downloaded."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model

LOGO_TITLE = "Anytown Council logo (demo)"
NAVY = (23, 54, 93)
SKY = (61, 122, 184)
WHITE = (255, 255, 255)


def logo_png(size=240):
    """A navy roundel with a white roof and door: plainly a made-up emblem."""
    image = PillowImage.new("RGBA", (size, size), (0, 0, 0, 0))  # see-through corners
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, size - 1, size - 1), fill=NAVY)
    draw.ellipse((12, 12, size - 13, size - 13), outline=SKY, width=6)
    draw.polygon(
        [(size * 0.2, size * 0.52), (size * 0.5, size * 0.24), (size * 0.8, size * 0.52)],
        fill=WHITE,
    )
    draw.rectangle((size * 0.3, size * 0.52, size * 0.7, size * 0.76), fill=WHITE)
    draw.rectangle((size * 0.45, size * 0.6, size * 0.55, size * 0.76), fill=NAVY)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def ensure_logo():
    Image = get_image_model()
    logo = Image.objects.filter(title=LOGO_TITLE).first()
    if logo is None:
        logo = Image(title=LOGO_TITLE)
        logo.file = ImageFile(io.BytesIO(logo_png()), name="anytown-council-logo.png")
        logo.save()
    return logo
