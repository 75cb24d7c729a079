"""Writing many rows fast: COPY on PostgreSQL, batched inserts elsewhere."""

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history


def copy_rows(model, fields: list[str], rows, batch_size: int = 5000) -> int:
    """Insert rows (tuples in the order of `fields`, by column name) without model overhead."""
    table = model._meta.db_table
    columns = [model._meta.get_field(name).column for name in fields]
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            # Django's own errors (IntegrityError …), as a query through the cursor raises.
            with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(columns))
        statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                cursor.executemany(statement, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(statement, batch)
            count += len(batch)
    return count


def update_rows(model, objects: list, fields: list[str], batch_size: int = 5000) -> int:
    """Write these fields of these objects, as bulk_update does, without one CASE per row.

    On PostgreSQL one UPDATE … FROM unnest(…) per batch, each column one array:
    bulk_update's CASE WHEN expressions grow with the batch and took most of the time
    of a large refresh. Like bulk_update it sends no signal and leaves auto_now fields
    alone; unlike it, it leaves alone the rows that already hold these values.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objects, fields, batch_size=min(batch_size, 1000))
        return len(objects)
    meta = model._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    table = connection.ops.quote_name(meta.db_table)
    names = [connection.ops.quote_name(field.column) for field in columns]
    arrays = ", ".join(f"%s::{field.cast_db_type(connection)}[]" for field in columns)
    assignments = ", ".join(f"{name} = v.{name}" for name in names[1:])
    # Rewriting a row costs an entry in each of its indexes, even if nothing changed.
    olds = ", ".join(f"{table}.{name}" for name in names[1:])
    news = ", ".join(f"v.{name}" for name in names[1:])
    statement = (
        f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS v({', '.join(names)}) "
        f"WHERE {table}.{names[0]} = v.{names[0]} AND ({olds}) IS DISTINCT FROM ({news})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            batch = objects[start : start + batch_size]
            cursor.execute(
                statement,
                [
                    [
                        field.get_db_prep_save(getattr(obj, field.attname), connection)
                        for obj in batch
                    ]
                    for field in columns
                ],
            )
    return len(objects)


def create_with_history(model, objects: list) -> None:
    """Insert new objects with their "created" history records, as simple-history's
    bulk_create_with_history does (no signal, no user), by COPY on PostgreSQL.

    The keys are taken from the table's sequence first, so that the history can name
    them: bulk_create spent longer preparing each value than the database inserting it.
    """
    if connection.vendor != "postgresql":
        bulk_create_with_history(objects, model, batch_size=500)
        return
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        keys = [pk for (pk,) in cursor.fetchall()]
    fields = meta.concrete_fields
    stamped = [field for field in fields if getattr(field, "auto_now", False)]
    stamped += [field for field in fields if getattr(field, "auto_now_add", False)]
    for obj, pk in zip(objects, keys, strict=True):
        obj.pk = pk
        for field in stamped:
            field.pre_save(obj, add=True)
    copy_rows(
        model,
        [field.name for field in fields],
        ([getattr(obj, field.attname) for field in fields] for obj in objects),
    )
    for obj in objects:
        obj._state.adding, obj._state.db = False, connection.alias
    history = model.history.model
    record = {
        "history_date": timezone.now(),
        "history_type": "+",
        "history_change_reason": None,
        "history_user_id": None,
    }
    columns = [field for field in history._meta.concrete_fields if field.name != "history_id"]
    copy_rows(
        history,
        [field.name for field in columns],
        (
            [record[f.attname] if f.attname in record else getattr(obj, f.attname) for f in columns]
            for obj in objects
        ),
    )
