"""What a participant's JupyterLab leaves out of its terminal log (``make lab``, Binder).

The participants' server configuration (``jupyter/participant/jupyter_server_config.json``)
sets the log to warnings only. One warning is left that nobody can act on: each time a
notebook connects, tornado (6.5 and later) says "The websocket_ping_timeout (90000) cannot
be longer than the websocket_ping_interval (30000)". jupyter_server keeps its kernel
connections alive with its own timer (a ping every 30 s, given up after 90 s without an
answer) and hands the same numbers to tornado, which only checks them; the connection works
the same with or without the warning (jupyter_server issue 1612). :class:`PingTimeoutNotice`
drops that one line; every other warning still shows.

The configuration attaches the filter to tornado's ``tornado.general`` logger::

    {"ServerApp": {"logging_config": {
        "filters": {"ping_timeout_notice": {"()": "course_kit.server_log.PingTimeoutNotice"}},
        "loggers": {"tornado.general": {"filters": ["ping_timeout_notice"]}}}}}
"""

from __future__ import annotations

import logging

__all__ = ["PingTimeoutNotice"]


class PingTimeoutNotice(logging.Filter):
    """Drop tornado's "websocket_ping_timeout … cannot be longer" warning, nothing else."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("The websocket_ping_timeout")
