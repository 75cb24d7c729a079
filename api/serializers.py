"""What the API says about each object: its fields, with related objects named by slug."""

from django.utils import timezone
from rest_framework import serializers

from claims.models import Claim, ClaimRelation, Event, Question, Verdict
from sources.models import Actor, ActorAlias, Source


def slug_of(**kwargs) -> serializers.SlugRelatedField:
    """A related object, named by its slug as in the address of its page."""
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


class RelationSerializer(serializers.ModelSerializer):
    """This claim `kind`s (revises, repeats, contradicts, measures_else) the claim `other`."""

    other = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ClaimRelation
        fields = ["kind", "other", "note"]


class ClaimSerializer(serializers.ModelSerializer):
    question = slug_of()
    source = slug_of()
    actor = slug_of(allow_null=True)
    place = slug_of(allow_null=True)
    measure = slug_of(allow_null=True)
    relations = RelationSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "question",
            "source",
            "actor",
            "attribution",
            "stated_value",
            "bound",
            "value",
            "value_min",
            "value_max",
            "date_value",
            "date_precision",
            "place",
            "boolean_value",
            "text_value",
            "scope",
            "measure",
            "tolerance",
            "relations",
            "as_of",
            "as_of_precision",
            "quote",
            "quote_translation",
            "rank",
            "rank_reason",
            "notes",
            "updated_at",
        ]

    def to_representation(self, claim):
        row = {name: getattr(claim, name) for name in CLAIM_FIELDS}
        for name in RELATED:
            related = getattr(claim, name) if getattr(claim, f"{name}_id") else None
            row[f"{name}__slug"] = related.slug if related else None
        relations = [relation_data(r.kind, r.other_id, r.note) for r in claim.relations.all()]
        return claim_data(row, relations)


# What a claim names, by slug.
RELATED = ("question", "source", "actor", "place", "measure")
CLAIM_FIELDS = [
    name for name in ClaimSerializer.Meta.fields if name not in RELATED and name != "relations"
]
# The columns claim_data() reads, for QuerySet.values().
CLAIM_VALUES = ["id", "question_id", *CLAIM_FIELDS, *(f"{name}__slug" for name in RELATED)]
DATES = ("date_value", "as_of")
FIGURES = ("value", "value_min", "value_max", "tolerance")


def relation_data(kind: str, other: int, note: str) -> dict:
    """A claim's relation as RelationSerializer writes it."""
    return {"kind": kind, "other": other, "note": note}


def iso_datetime(moment) -> str:
    """As DRF's DateTimeField writes it: in the current time zone, UTC as "Z"."""
    text = timezone.localtime(moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def claim_data(row: dict, relations: list[dict]) -> dict:
    """A claim as ClaimSerializer's fields would write it, from its values.

    A page of questions carries hundreds of claims, and DRF's field-by-field path
    over model instances was most of its time. tests/test_api.py holds this to
    DRF's own output.
    """
    data = {}
    for name in ClaimSerializer.Meta.fields:
        if name in RELATED:
            data[name] = row[f"{name}__slug"]
        elif name in DATES:
            data[name] = row[name].isoformat() if row[name] is not None else None
        elif name in FIGURES:
            # as the JSON renderer writes a Decimal (COERCE_DECIMAL_TO_STRING is off)
            data[name] = float(row[name]) if row[name] is not None else None
        elif name == "updated_at":
            data[name] = iso_datetime(row[name])
        elif name == "relations":
            data[name] = relations
        else:
            data[name] = row[name]
    return data


class VerdictSerializer(serializers.ModelSerializer):
    """The editors' verdict: what they decided, why, when, and on which claims."""

    rests_on = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = ["agreement", "reason", "reason_de", "updated_at", "rests_on"]


class QuestionSerializer(serializers.ModelSerializer):
    event = slug_of()
    claims = ClaimSerializer(many=True, read_only=True)
    verdict = VerdictSerializer(source="public_verdict", read_only=True, allow_null=True)

    class Meta:
        model = Question
        fields = [
            "slug",
            "event",
            "text_en",
            "text_de",
            "value_type",
            "unit",
            "scope_note",
            "editorial_note",
            "agreement",
            "automatic_agreement",
            "verdict",
            "source_count",
            "answer_summary",
            "claims",
        ]

    def to_representation(self, question):
        """With the claims a list found for its whole page (context "claims_of"), if any."""
        claims_of = self.context.get("claims_of")
        if claims_of is None:
            return super().to_representation(question)
        data = {}
        for field in self._readable_fields:
            if field.field_name == "claims":
                data["claims"] = claims_of.get(question.pk, [])
                continue
            attribute = field.get_attribute(question)  # None for a missing verdict
            data[field.field_name] = (
                None if attribute is None else field.to_representation(attribute)
            )
        return data


class SourceSerializer(serializers.ModelSerializer):
    """A source without its full text, for lists."""

    outlet = slug_of(allow_null=True)
    authors = slug_of(many=True)
    parent = slug_of(allow_null=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "kind",
            "outlet",
            "authors",
            "published_on",
            "published_precision",
            "url",
            "language",
            "stance_notes",
            "reliability_notes",
            "parent",
        ]


class SourceDetailSerializer(SourceSerializer):
    """A source with its full text, where the editors may publish it (else null)."""

    text = serializers.SerializerMethodField()

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text_public", "text"]

    def get_text(self, source) -> str | None:
        return source.text if source.text_public else None


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActorAlias
        fields = ["name", "kind", "language"]


class ActorSerializer(serializers.ModelSerializer):
    aliases = AliasSerializer(many=True, read_only=True)

    class Meta:
        model = Actor
        fields = ["slug", "name", "kind", "description", "aliases"]


class EventSerializer(serializers.ModelSerializer):
    place = slug_of(allow_null=True)
    parent = slug_of(allow_null=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "name",
            "starts_on",
            "starts_precision",
            "ends_on",
            "ends_precision",
            "place",
            "parent",
            "description",
        ]
