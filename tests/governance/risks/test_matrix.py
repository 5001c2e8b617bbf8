"""Matrix validation and grid lookup, as pure functions."""

import copy

import pytest

from governance.risks.matrix import DEFAULT_MATRIX, Level, level_index, validate_matrix


def spec(**overrides):
    data = {
        k: copy.deepcopy(DEFAULT_MATRIX[k]) for k in ("likelihood_labels", "impact_labels", "levels", "grid")
    }
    data.update(overrides)
    return data


def test_default_matrix_is_valid():
    assert validate_matrix(**spec()) == {}


@pytest.mark.django_db
def test_migrations_ship_the_same_default_matrix_with_its_severity_classes():
    """0002 created the default matrix; 0004 gave its levels their classes. The result is DEFAULT_MATRIX."""
    from governance.risks.models import RiskMatrix

    shipped = RiskMatrix.objects.get(is_default=True)
    assert {k: getattr(shipped, k) for k in DEFAULT_MATRIX} == DEFAULT_MATRIX
    assert [lv.severity for lv in shipped.level_objects] == ["low", "medium", "high", "critical"]


def test_classes_carried_over_by_place_when_names_say_nothing():
    from governance.risks.matrix import class_for_position

    assert [class_for_position(i, 2) for i in range(2)] == ["low", "critical"]
    assert [class_for_position(i, 3) for i in range(3)] == ["low", "high", "critical"]
    assert [class_for_position(i, 6) for i in range(6)] == [
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "critical",
    ]


@pytest.mark.parametrize(
    ("likelihood", "impact", "expected"),
    [(1, 1, 0), (1, 5, 1), (2, 3, 1), (3, 4, 2), (4, 5, 3), (5, 1, 1), (5, 5, 3), (4, 1, 0)],
)
def test_square_lookup_reads_rows_as_likelihood(likelihood, impact, expected):
    assert level_index(DEFAULT_MATRIX["grid"], likelihood, impact) == expected


def test_non_square_lookup():
    grid = [[0, 0, 1, 1], [0, 1, 1, 2], [1, 1, 2, 2]]  # 3 likelihoods x 4 impacts
    levels = [
        {"name": n, "colour": "#123456", "review_days": d, "severity": c}
        for n, d, c in (("L", 365, "low"), ("M", 180, "medium"), ("H", 90, "high"))
    ]
    assert (
        validate_matrix(
            likelihood_labels=["a", "b", "c"], impact_labels=["w", "x", "y", "z"], levels=levels, grid=grid
        )
        == {}
    )
    assert level_index(grid, 1, 4) == 1 and level_index(grid, 3, 1) == 1 and level_index(grid, 2, 4) == 2
    with pytest.raises(ValueError, match="outside this 3x4 matrix"):
        level_index(grid, 4, 1)
    with pytest.raises(ValueError):
        level_index(grid, 1, 5)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"likelihood_labels": ["a", "b"]}, "likelihood_labels", "3 to 6"),
        ({"impact_labels": ["a", "b", "c", "d", "e", "f", "g"]}, "impact_labels", "3 to 6"),
        ({"impact_labels": ["a", "A", "b", "c", "d"]}, "impact_labels", "different"),
        ({"grid": [[0] * 5] * 4}, "grid", "5 rows"),
        ({"grid": [[0, 0, 0, 0, 9]] + [[0] * 5] * 4}, "grid", "0 to 3"),
        ({"grid": [[0, 0, 1, 0, 1], *DEFAULT_MATRIX["grid"][1:]]}, "grid", "fall as impact rises"),
        (
            {"grid": [[1, 1, 1, 1, 1], [0, 1, 1, 1, 2], *DEFAULT_MATRIX["grid"][2:]]},
            "grid",
            "fall as likelihood rises",
        ),
        ({"grid": [[0, 0, 0, 3, 3]] + [[3] * 5] * 4}, "grid", "touches"),
        ({"levels": [{"name": "Low", "colour": "green", "review_days": 365}] * 2}, "levels", "colour"),
        (
            {
                "levels": [
                    {"name": "Low", "colour": "#2e7d32", "review_days": 90, "severity": "low"},
                    {"name": "High", "colour": "#b71c1c", "review_days": 365, "severity": "high"},
                ]
            },
            "levels",
            "at least as often",
        ),
        (
            {
                "levels": [
                    {"name": "Low", "colour": "#2e7d32", "review_days": 365, "severity": "urgent"},
                    {"name": "High", "colour": "#b71c1c", "review_days": 90, "severity": "high"},
                ]
            },
            "levels",
            "severity class",
        ),
        (
            {
                "levels": [
                    {"name": "Low", "colour": "#2e7d32", "review_days": 365},
                    {"name": "High", "colour": "#b71c1c", "review_days": 90, "severity": "high"},
                ]
            },
            "levels",
            "severity class",
        ),
        (
            {
                "levels": [
                    {"name": "Low", "colour": "#2e7d32", "review_days": 365, "severity": "high"},
                    {"name": "High", "colour": "#b71c1c", "review_days": 90, "severity": "medium"},
                ]
            },
            "levels",
            "lower severity class",
        ),
    ],
)
def test_invalid_matrices_name_the_problem(overrides, field, message):
    errors = validate_matrix(**spec(**overrides))
    assert field in errors, errors
    assert any(message in e for e in errors[field]), errors


def test_level_text_colour_has_contrast():
    assert Level(0, "Medium", "#f9a825", 180).text_colour == "#000000"
    assert Level(3, "Critical", "#b71c1c", 30).text_colour == "#ffffff"
