"""`field__any=[…]`: `field__in` for long lists of keys (or of the objects they name).

On PostgreSQL the list is one array parameter (`= ANY(%s)`): a list of thousands of
keys as thousands of placeholders cost more to prepare and send than the query took
to run. Elsewhere it is `__in`.
"""

from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


@Field.register_lookup
class AnyOf(In):
    lookup_name = "any"

    def get_prep_lookup(self):
        self.rhs = [getattr(value, "pk", value) for value in self.rhs]
        return super().get_prep_lookup()

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


ForeignObject.register_lookup(AnyOf)  # related fields look no further up than this
