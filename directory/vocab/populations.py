"""Populations served (the contract's codes), labelled in English, Spanish and French."""

from __future__ import annotations

from directory.vocab.terms import Term, terms

POPULATIONS: dict[str, Term] = terms(
    [
        ("children", "Children", "Niñas y niños", "Enfants"),
        ("adolescents", "Adolescents", "Adolescentes", "Adolescents"),
        ("women", "Women", "Mujeres", "Femmes"),
        ("men", "Men", "Hombres", "Hommes"),
        ("lgbtq", "LGBTQ+ people", "Personas LGBTQ+", "Personnes LGBTQ+"),
        ("migrants", "Migrants", "Personas migrantes", "Personnes migrantes"),
        (
            "refugees-asylum-seekers",
            "Refugees and asylum seekers",
            "Personas refugiadas y solicitantes de asilo",
            "Réfugiés et demandeurs d'asile",
        ),
        ("indigenous", "Indigenous peoples", "Pueblos indígenas", "Peuples autochtones"),
        ("rural", "Rural communities", "Comunidades rurales", "Communautés rurales"),
        (
            "labor-trafficking",
            "Survivors of labor trafficking",
            "Sobrevivientes de trata laboral",
            "Survivants de la traite à des fins de travail",
        ),
        (
            "sex-trafficking",
            "Survivors of sex trafficking",
            "Sobrevivientes de trata con fines de explotación sexual",
            "Survivants de la traite à des fins d'exploitation sexuelle",
        ),
        ("families", "Families", "Familias", "Familles"),
    ]
)
