"""The web app's views, one class each: its constructor builds its components inside the current
gr.Blocks, its `wire` attaches their events. ui/app.py builds every view first, then wires them,
so that the events keep the page's order and the language switch can reach every component."""
