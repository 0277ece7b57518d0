"""The answer's steps, one module per stage of the question's journey; `kb/pipeline.py` lists
them in order and runs them over one `AnswerContext` (`kb/steps/context.py`)."""
