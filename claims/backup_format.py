"""
JSON Lines that keep time to the microsecond, as the database does.

Django's JSON encoder cuts times to the millisecond, so a backup restored and backed
up again would differ from the first wherever a time has microseconds; these lines
read back exactly. Reading is JSON Lines' own.
"""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder

Deserializer = jsonl.Deserializer


class ExactTimeEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactTimeEncoder)
        super()._init_options()
