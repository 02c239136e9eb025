"""Rows waiting to be written in bulk, with their primary keys chosen up front.

Choosing keys here lets a household's rows point at each other before any of them is
written. Rows are plain records, not model instances: building and compiling a couple of
million model instances through ``bulk_create`` took about five minutes for a hundred
thousand children on the 2-core reference machine, far over the three-minute target. So
each batch goes to the database as one parameterised ``executemany`` per table, or one
``COPY`` on PostgreSQL, with the column list and value conversions taken from the models'
own field definitions. Nothing here bypasses a model's ``save()`` logic that
``bulk_create`` would have run: ``bulk_create`` does not call ``save()`` either.
"""

import operator
from types import SimpleNamespace

from django.db import connection, models
from django.db.models import Max

from opencsc.people.models import (
    Address,
    AgencyShare,
    Allocation,
    Disability,
    NameKey,
    Person,
    PersonName,
    Professional,
    Relationship,
    RestrictedAccess,
)

# Parents before the rows that point at them.
ORDER: list[type[models.Model]] = [
    Person, PersonName, NameKey, Disability, Address, Relationship, Professional, Allocation,
    AgencyShare, RestrictedAccess,
]
EXECUTEMANY_CHUNK = 5000


class Record(SimpleNamespace):
    """A row to be written: its fields as attributes, like the model's own attnames."""

    @property
    def pk(self) -> int:
        return self.id


class Table:
    """One model's pending rows and how to write them."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.next_pk = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.pending: list[Record] = []
        self.ready: list[tuple] = []  # rows already in column order
        self.written = 0
        # Every column gets a value: the caller's, or the field's default.
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self._values = operator.itemgetter(*(f.attname for f in self.fields))
        self._adapters = [(i, adapter) for i, f in enumerate(self.fields)
                          if (adapter := self._adapter(f))]

    @staticmethod
    def _adapter(field: models.Field):
        ops = connection.ops
        kind = field.get_internal_type()
        if kind == "DateTimeField":
            return ops.adapt_datetimefield_value
        if kind == "DateField":
            return ops.adapt_datefield_value
        return None

    def _rows(self) -> list[tuple]:
        rows = [self._values(record.__dict__) for record in self.pending]
        if not self._adapters:
            return rows
        adapted = []
        for row in rows:
            row = list(row)
            for index, adapt in self._adapters:
                if row[index] is not None:
                    row[index] = adapt(row[index])
            adapted.append(row)
        return adapted

    def write(self) -> None:
        rows = self._rows() + self.ready
        if not rows:
            return
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
                for start in range(0, len(rows), EXECUTEMANY_CHUNK):
                    cursor.executemany(sql, rows[start:start + EXECUTEMANY_CHUNK])
        self.written += len(rows)
        self.pending.clear()
        self.ready.clear()


def write_instances(model: type[models.Model], objs: list) -> None:
    """Unsaved model instances with their keys set, written as ``Table`` writes rows: the
    same statements, without ``bulk_create`` compiling each batch. A model with a column
    that needs more than a date conversion (JSON, decimals) goes through ``bulk_create``."""
    table = Table(model)
    if any(f.get_internal_type() in ("JSONField", "DecimalField") for f in table.fields):
        model.objects.bulk_create(objs, batch_size=2000)
        return
    table.pending = list(objs)  # an instance's __dict__ holds its columns by attname
    table.write()


class Rows:
    def __init__(self, models=ORDER) -> None:
        self.tables = {model: Table(model) for model in models}
        columns = [f.attname for f in self.tables[NameKey].fields] if NameKey in models else []
        if columns not in ([], ["id", "person_id", "key"]):
            raise RuntimeError(f"NameKey's columns changed to {columns}: update add_name_keys")
        self.children = 0  # children waiting to be written

    def add(self, model: type[models.Model], **values) -> Record:
        table = self.tables[model]
        if not values.keys() <= table.defaults.keys():
            unknown = sorted(values.keys() - table.defaults.keys())
            raise TypeError(f"{model.__name__} has no column {', '.join(unknown)}")
        record = Record(**table.defaults)
        record.__dict__.update(values, id=table.next_pk)
        table.next_pk += 1
        table.pending.append(record)
        if model is Person and values.get("responsible_council_id"):
            self.children += 1
        return record

    def add_name_keys(self, person_id: int, keys) -> None:
        """A person's search keys. There are over a million for 100,000 children, so they
        go straight into column order, skipping the record other rows get."""
        table = self.tables[NameKey]
        for key in keys:
            table.ready.append((table.next_pk, person_id, key))
            table.next_pk += 1

    def flush(self) -> None:
        for table in self.tables.values():
            table.write()
        self.children = 0

    @property
    def written(self) -> dict[str, int]:
        return {model._meta.model_name: t.written for model, t in self.tables.items()}
