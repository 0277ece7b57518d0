"""The Gradio web interface (public chat, staff documents, data-officer audit view) and the CLI."""

import os

# Before anything imports gradio or huggingface_hub: no analytics, no version checks, no hub calls.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
