"""A real SMTP server for the tests: accepts every message and appends it, decoded by Python's email
package, as one JSON line {"to", "from", "subject", "body", "calendar"} to the file given.

usage: smtp_sink.py HOST PORT OUTPUT.jsonl   (runs until killed)
"""
import asyncio
import email
import email.policy
import json
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body, calendar = "", ""
        for part in message.walk():
            kind = part.get_content_type()
            if kind == "text/plain" and not body:
                body = part.get_content()
            elif kind == "text/calendar" and not calendar:
                calendar = part.get_content()
        record = {"to": envelope.rcpt_tos, "from": envelope.mail_from, "subject": str(message["subject"]),
                  "body": body, "calendar": calendar, "headers": list(message.keys())}
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 OK"


def main():
    host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    controller = Controller(Sink(path), hostname=host, port=port)
    controller.start()
    print("ready", flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
