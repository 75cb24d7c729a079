"""Writing many rows fast: COPY on PostgreSQL, batched inserts elsewhere."""

from django.db import connection


def copy_rows(model, fields: list[str], rows, batch_size: int = 5000) -> int:
    """Insert rows (tuples in the order of `fields`, by column name) without model overhead."""
    table = model._meta.db_table
    columns = [model._meta.get_field(name).column for name in fields]
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
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


def update_rows(model, objects: list, fields: list[str], batch_size: int = 1000) -> int:
    """Write these fields of these objects, as bulk_update does, without one CASE per row.

    On PostgreSQL one UPDATE … FROM (VALUES …) per batch: bulk_update's CASE WHEN
    expressions grow with the batch and take most of the time of a large refresh.
    Like bulk_update it sends no signal and leaves auto_now fields alone.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objects, fields, batch_size=batch_size)
        return len(objects)
    meta = model._meta
    pk = meta.pk
    columns = [meta.get_field(name) for name in fields]
    table = connection.ops.quote_name(meta.db_table)
    names = [connection.ops.quote_name(field.column) for field in columns]
    row = "(" + ", ".join(f"%s::{f.cast_db_type(connection)}" for f in [pk, *columns]) + ")"
    assignments = ", ".join(f"{name} = v.{name}" for name in names)
    key = connection.ops.quote_name(pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            batch = objects[start : start + batch_size]
            params = [
                field.get_db_prep_save(getattr(obj, field.attname), connection)
                for obj in batch
                for field in [pk, *columns]
            ]
            cursor.execute(
                f"UPDATE {table} SET {assignments} "
                f"FROM (VALUES {', '.join([row] * len(batch))}) AS v({key}, {', '.join(names)}) "
                f"WHERE {table}.{key} = v.{key}",
                params,
            )
    return len(objects)
