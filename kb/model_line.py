"""The line for the model: at most `concurrency` answers use it at once, `max_waiting` more
wait their turn, and beyond that a question is refused at once (the web chat says "busy").
The pipeline waits in it only for its model calls (`kb.pipeline.stream_answer(model_turn=)`)."""

from __future__ import annotations

import threading
from collections import deque


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
