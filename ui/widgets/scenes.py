"""The pack's scenes as pictures for the customer screens: the welcome's, and one in turn for
each step of a conversation that a tall screen shows above its words.

Scene images (a room in use, from the lookbooks) carry no text of their own, unlike the
attract images, so words can sit beside or under them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from kiosk.content.model import ContentPack
    from ui.images import ImageLoader
    from ui.widgets.picture import Picture


def welcome_image(pack: ContentPack) -> Path | None:
    """A scene from the pack's lookbooks: a room in use says "welcome" better than a product,
    and scene images carry no text of their own (the attract images do)."""
    scenes = [scene.image for look in pack.lookbooks for scene in look.scenes]
    preferred = [p for p in scenes if p.stem in {"salon", "reading-corner", "dining"}]
    return next(iter(preferred or scenes), None)


def scene_images(pack: ContentPack) -> list[Path]:
    """Every scene of the pack's lookbooks once, the welcome's first: the pictures a tall
    screen shows above the words (the needs questions go on from the greeting's)."""
    scenes = list(dict.fromkeys(scene.image for look in pack.lookbooks for scene in look.scenes))
    first = welcome_image(pack)
    return [first, *(p for p in scenes if p != first)] if first is not None else scenes


def show_scene(picture: Picture, images: ImageLoader | None, pack: ContentPack, turn: int) -> None:
    """Scene number ``turn`` (in turn, round again) on ``picture``, the next one warmed so the
    next step shows its picture at once (the needs questions, one scene each)."""
    scenes = scene_images(pack)
    if not scenes:
        return
    picture.show_image(images, scenes[turn % len(scenes)], "screen")
    if images is not None:
        images.prefetch(scenes[(turn + 1) % len(scenes)], picture.size_class_for("screen"))
