"""The right-hand panels of the follow-ups screen, a module each: ``detail`` (one task with
its outcomes, and what the panels share) and ``new_task`` (a new task by hand). Both write
through ``FollowupsScreen.write``. One package, so the associate screens' layers contract
keeps both panels under the screen and beside the client search as one.
"""
