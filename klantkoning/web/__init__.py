"""The room server: phones vote, a projector page shows the room, the TUI is the console.

``make_room_app`` (in :mod:`.app`) builds the aiohttp application; :class:`.room.Room` is the
one object between its handlers and the engine's workshop; :mod:`.server` runs it inside
the Textual app's asyncio loop. The pages are files under ``static/``.
"""
