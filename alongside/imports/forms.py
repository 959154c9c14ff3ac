from typing import Any

from django import forms

from alongside.imports.models import ColumnMapping
from alongside.lib.names import NameField
from alongside.support.sheets import SHEETS, Sheet

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TYPES = (".csv", ".tsv", ".txt", ".xlsx", ".zip")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="A .csv or .xlsx file, or a .zip of CSV files (as Alongside exports them), of up to "
        "10 MB. A workbook or a zip may hold several sheets: people, referrals, contacts and so on.",
        error_messages={"required": "Choose a CSV or Excel file to import", "empty": "The file is empty"},
    )
    mapping = forms.ChoiceField(label="Column mapping", required=False)

    def __init__(self, *args: Any, mappings: list[ColumnMapping], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mapping = self.fields["mapping"]
        assert isinstance(mapping, forms.ChoiceField)  # noqa: S101
        mapping.choices = [("", "Match the columns by their headings")] + [(m.name, m.name) for m in mappings]
        if not mappings:
            del self.fields["mapping"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(TYPES):
            raise forms.ValidationError(
                "The file must be a CSV file (.csv), an Excel workbook (.xlsx), or a zip of CSV files (.zip)"
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The file is larger than 10 MB: split it into smaller files, or import it on the command line"
            )
        if upload.size == 0:
            raise forms.ValidationError("The file is empty")
        return upload


def sheet_choices() -> list[tuple[str, str]]:
    return [("", "Not imported")] + [(s.name, s.title) for s in SHEETS]


def column_choices(sheet: Sheet | None) -> list[tuple[str, str]]:
    if sheet is None:
        return [("", "Not imported")]
    return [("", "Not imported")] + [
        (c.key, f"{c.heading}{' (needed)' if c.required else ''}") for c in sheet.columns
    ]


class SaveMappingForm(forms.Form):
    mapping_name = NameField(
        label="Save this mapping as (optional)",
        help_text="Give it a name to use it again for the next file, like 'Old caseload spreadsheet'",
        required=False,
        max_length=100,
    )
