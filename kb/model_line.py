"""The line for the model: at most `concurrency` answers are written at once, `max_waiting`
more wait their turn, and beyond that a question is refused at once (the web chat says
"busy"). An answer waits in it only to be written (`kb.pipeline.stream_answer(model_turn=)`):
its search, translation, quotes and any refusal before the model writes do not wait."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator

from kb.schema import InLine

# 0 once it is this answer's turn to be written, else how many answers are ahead of it; waits
# at most the given seconds.
ModelTurn = Callable[[float], int]
TURN_POLL_S = 1.0


def wait_in_line(model_turn: ModelTurn) -> Iterator[InLine]:
    """`InLine(ahead=n)` while answers are ahead, then `InLine(ahead=0)` when the turn comes
    (nothing when it is this answer's turn already)."""
    ahead = model_turn(0)
    while ahead:
        yield InLine(ahead=ahead)
        if not (ahead := model_turn(TURN_POLL_S)):
            yield InLine(ahead=0)


class Ticket:
    running = False


class ChatGate:
    """At most `concurrency` answers at once and `max_waiting` more in line; beyond, busy."""

    def __init__(self, concurrency: int, max_waiting: int) -> None:
        self.concurrency = max(1, concurrency)
        self.max_waiting = max(0, max_waiting)
        self._cond = threading.Condition()
        self._running = 0
        self._line: deque[Ticket] = deque()

    def join(self) -> Ticket | None:
        """A place (running or in line), or None when the line is full."""
        with self._cond:
            if len(self._line) >= self.max_waiting and self._running >= self.concurrency:
                return None
            ticket = Ticket()
            self._line.append(ticket)
            self._promote()
            return ticket

    def wait(self, ticket: Ticket, timeout_s: float) -> int:
        """0 once it is this ticket's turn, else how many questions are ahead of it."""
        with self._cond:
            self._cond.wait_for(lambda: ticket.running, timeout_s)
            return 0 if ticket.running else self._line.index(ticket) + self._running

    def turn(self, ticket: Ticket) -> ModelTurn:
        """The ticket's `ModelTurn`, for `stream_answer(model_turn=)`."""
        return lambda timeout_s: self.wait(ticket, timeout_s)

    def leave(self, ticket: Ticket) -> None:
        with self._cond:
            if ticket.running:
                ticket.running = False
                self._running -= 1
            elif ticket in self._line:
                self._line.remove(ticket)
            self._promote()

    def _promote(self) -> None:
        while self._line and self._running < self.concurrency:
            self._line.popleft().running = True
            self._running += 1
        self._cond.notify_all()
