"""What the API says about each object: its fields, with related objects named by slug."""

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


class VerdictSerializer(serializers.ModelSerializer):
    """The editors' verdict: what they decided, why, when, and on which claims."""

    rests_on = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = ["agreement", "reason", "reason_de", "updated_at", "rests_on"]


class QuestionSerializer(serializers.ModelSerializer):
    event = slug_of()
    claims = ClaimSerializer(many=True, read_only=True)
    verdict = VerdictSerializer(read_only=True, allow_null=True)

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
    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]


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
