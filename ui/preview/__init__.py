"""The live preview of a content pack (`kiosk content preview PACK`): the kiosk windowed on
an author's folder, reloading at every save (app: the command; session: the loop; watch: the
folder; overlay: a save's errors)."""
