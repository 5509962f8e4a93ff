"""Content packs: the brand's catalogue, stories, lookbooks, questionnaire and images.

Where the public surface lives (imported from its module: this package imports nothing, so
a thread that needs one small module of it, the attract loop's worker reading
``limits``, does not load the whole content model, the validator and Pillow's neighbours
beside the kiosk's start):

- ``kiosk.content.validate``: ``validate(path) -> Report`` and ``load_pack(path) ->
  ContentPack`` (raises ``PackInvalid``);
- ``kiosk.content.model``: the pack's classes (``ContentPack``, ``Product``, ...);
- ``kiosk.content.errors``: ``ContentError``, ``ImageError``, ``Issue``, ``PackInvalid``,
  ``Severity``;
- ``kiosk.content.store``: ``PackStore`` installs packs atomically and switches only between
  visits;
- ``kiosk.content.images``: ``RenditionCache.rendition(path, size_class) -> Path`` for the UI's
  image workers.
"""
