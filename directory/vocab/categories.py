"""Service categories (the contract's codes), labelled in English, Spanish and French."""

from __future__ import annotations

from directory.vocab.terms import Term, terms

SERVICE_CATEGORIES: dict[str, Term] = terms(
    [
        ("hotline", "Hotline", "Línea de ayuda", "Ligne d'écoute"),
        (
            "emergency-shelter",
            "Emergency shelter",
            "Refugio de emergencia",
            "Hébergement d'urgence",
        ),
        (
            "transitional-housing",
            "Transitional housing",
            "Vivienda de transición",
            "Logement de transition",
        ),
        ("legal-aid", "Legal aid", "Asesoría jurídica", "Aide juridique"),
        (
            "immigration-legal",
            "Immigration legal services",
            "Asesoría jurídica migratoria",
            "Services juridiques en immigration",
        ),
        ("medical-care", "Medical care", "Atención médica", "Soins médicaux"),
        ("mental-health", "Mental health", "Salud mental", "Santé mentale"),
        ("case-management", "Case management", "Gestión de casos", "Gestion de cas"),
        ("repatriation", "Repatriation", "Repatriación", "Rapatriement"),
        ("interpretation", "Interpretation", "Interpretación", "Interprétation"),
        ("employment-support", "Employment support", "Apoyo para el empleo", "Aide à l'emploi"),
        ("education", "Education", "Educación", "Éducation"),
        (
            "victim-identification",
            "Victim identification",
            "Identificación de víctimas",
            "Identification des victimes",
        ),
        ("law-enforcement", "Law enforcement", "Procuración de justicia", "Application de la loi"),
        ("training", "Training", "Capacitación", "Formation"),
        (
            "prevention-outreach",
            "Prevention and outreach",
            "Prevención y sensibilización",
            "Prévention et sensibilisation",
        ),
        (
            "family-reunification",
            "Family reunification",
            "Reunificación familiar",
            "Réunification familiale",
        ),
        ("basic-needs", "Basic needs", "Necesidades básicas", "Besoins essentiels"),
        (
            "research-policy",
            "Research and policy",
            "Investigación y políticas públicas",
            "Recherche et politiques",
        ),
    ]
)
