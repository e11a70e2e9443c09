"""Messages to people, sent through the outbox (the OutboundEmail table is the queue).

- notifications: what request code queues for each event, in its own transaction.
- claim: which messages are due, and taking them for one sender in one statement (the SQL, the
  partial index's states, the planner setting).
- sending: rendering a message, handing it to the provider, recording the outcome; deliver
  (at commit) and send_due (`retry_email`).
- settling: the messages of workers that stopped mid-send, given up or queued again.
- worker: Relay, `manage.py task_worker`'s claiming loop and its pool of sender threads.

Each imports only those above it in this list's order of layers: claim, settling, sending,
worker (notifications uses sending).
"""
