"""Synthetic mothers, partners and fathers, each with the details a referral would record.

Names come from Faker's en_GB locale, which only knows Anglo names; for the ethnic categories
where that would be jarring (most of Birmingham's South Asian and African families) a short
list of names common in that community is used instead, with a matching community language.
NHS numbers start 999: that range is never issued to a real person, so demo data cannot
collide with anyone's real record.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from alongside.demo.common import Context, days
from alongside.lib import nhs_number, postcode
from alongside.people.models import EthnicCategory, Family, NeedOrBarrier, Person


@dataclass(frozen=True)
class Heritage:
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]
    languages: Mapping[str, float] = field(default_factory=lambda: {"English": 1})


HERITAGES = {
    "pakistani": Heritage(
        ("Ayesha", "Fatima", "Maryam", "Sana", "Zainab", "Hina", "Rabia", "Amna", "Iqra", "Saima", "Khadija"),
        ("Imran", "Bilal", "Usman", "Adnan", "Tariq", "Asif", "Hamza", "Zeeshan"),
        ("Khan", "Hussain", "Ahmed", "Akhtar", "Iqbal", "Mahmood", "Ali", "Rashid", "Shah", "Raza", "Aslam"),
        {"English": 55, "Urdu": 30, "Punjabi": 15},
    ),
    "indian": Heritage(
        ("Priya", "Simran", "Harpreet", "Manpreet", "Anjali", "Neha", "Jaspreet", "Pooja", "Kiran"),
        ("Gurpreet", "Rajesh", "Amandeep", "Vikram", "Sunil", "Harjit"),
        ("Sandhu", "Gill", "Patel", "Sharma", "Bains", "Dhillon", "Mistry", "Kumar", "Sidhu", "Chauhan"),
        {"English": 70, "Punjabi": 30},
    ),
    "bangladeshi": Heritage(
        ("Fahmida", "Rukhsana", "Shirin", "Nasima", "Tahmina", "Sumaiya", "Jannat", "Rubina"),
        ("Abdul", "Shahid", "Rafiq", "Jamal", "Kamrul"),
        ("Miah", "Rahman", "Uddin", "Islam", "Chowdhury", "Hoque", "Ali"),
        {"English": 55, "Bengali": 45},
    ),
    "somali": Heritage(
        ("Hodan", "Fadumo", "Ayan", "Amina", "Sahra", "Hibo", "Ubah"),
        ("Abdi", "Mohamed", "Ahmed", "Yusuf", "Hassan"),
        ("Abdi", "Warsame", "Farah", "Mohamed", "Hassan", "Jama", "Omar"),
        {"English": 50, "Somali": 50},
    ),
    "west_african": Heritage(
        ("Ifeoma", "Chiamaka", "Ngozi", "Blessing", "Folake", "Abena", "Adwoa", "Funmilayo"),
        ("Chinedu", "Emeka", "Kwame", "Tunde", "Kofi"),
        ("Okafor", "Adeyemi", "Okoro", "Balogun", "Mensah", "Osei", "Eze", "Boateng"),
    ),
    "polish": Heritage(
        ("Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Anna", "Monika", "Karolina", "Natalia"),
        ("Piotr", "Tomasz", "Krzysztof", "Marcin", "Pawel", "Lukasz"),
        ("Nowak", "Wojcik", "Kaczmarek", "Mazur", "Krawczyk", "Zajac", "Krol", "Wrobel"),
        {"English": 40, "Polish": 60},
    ),
    "arab": Heritage(
        ("Layla", "Noor", "Rania", "Huda", "Yasmin", "Salma", "Mariam", "Dalia"),
        ("Omar", "Yusuf", "Karim", "Khalid", "Sami"),
        ("Haddad", "Saleh", "Mansour", "Al-Hassan", "Nasser", "Aziz", "Hamdan"),
        {"English": 45, "Arabic": 55},
    ),
    "chinese": Heritage(
        ("Mei", "Xiaoling", "Jing", "Yan", "Hui"),
        ("Wei", "Jun", "Hao"),
        ("Wang", "Li", "Chen", "Zhang", "Liu", "Wong"),
        {"English": 75, "Mandarin": 25},
    ),
}
# Ethnic category code -> heritages to draw names from; "" means Faker's en_GB names.
_HERITAGE_BY_CATEGORY = {
    "C": ("polish", ""),
    "H": ("indian",),
    "J": ("pakistani",),
    "K": ("bangladeshi",),
    "L": ("indian", "pakistani"),
    "N": ("somali", "west_african"),
    "R": ("chinese",),
    "S": ("arab",),
}

# Roughly the mix of women having babies in each area (2021 census, rounded), not of everyone.
_ETHNICITY = {
    "birmingham": {
        "A": 38, "B": 1, "C": 6, "D": 3, "E": 1, "F": 1, "G": 2, "H": 6, "J": 17,
        "K": 4, "L": 3, "M": 4, "N": 7, "P": 1, "R": 1, "S": 3, "Z": 2,
    },
    "lancashire": {"A": 80, "B": 1, "C": 4, "D": 1, "F": 1, "G": 1, "H": 3, "J": 6, "K": 1, "N": 1, "S": 1},
}  # fmt: skip

_DISTRICTS = {
    "birmingham": [f"B{n}" for n in [*range(1, 39), 42, 43, 44, 90, 91, 92, 93, 94]],
    "lancashire": [
        *(f"PR{n}" for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 25, 26]),
        *(f"BB{n}" for n in range(1, 13)),
        *(f"FY{n}" for n in range(1, 9)),
        *(f"LA{n}" for n in [1, 2, 3, 4, 5, 9, 12, 13, 14]),
    ],
}
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

_NEEDS = {
    "location-travel": 20,
    "cost": 12,
    "childcare": 15,
    "specific-condition": 10,
    "culture-stigma": 8,
    "disability": 6,
    "lgbt-family": 4,
    "homelessness": 3,
    "drugs-alcohol": 3,
    "criminal-justice": 2,
}


class FamilyMaker:
    """Drafts unsaved Family and Person rows; save() writes them all in a few queries."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.categories = EthnicCategory.objects.in_bulk()
        self.needs = NeedOrBarrier.objects.in_bulk(field_name="slug")
        self.nhs_numbers = set(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
        self.families: list[Family] = []
        self.people: list[Person] = []
        self.person_needs: list[tuple[Person, list[NeedOrBarrier]]] = []

    def mother(self, family: Family, area: str, referred_on: dt.date, in_mbu: bool) -> Person:
        code = self.ctx.weighted(_ETHNICITY[area])
        heritage = self._heritage(code)
        person = self._person(family, Person.FamilyRole.MOTHER, code, heritage, area, male=False)
        person.date_of_birth = self._born(age_from=18, age_to=44, peak=30)
        self._baby_dates(person, referred_on, in_mbu)
        self._needs(person, code)
        return person

    def partner(self, mother: Person, area: str) -> Person:
        ctx = self.ctx
        code = mother.ethnic_category_id if ctx.chance(0.85) else ctx.weighted(_ETHNICITY[area])
        heritage = self._heritage(code or "")
        male = ctx.chance(0.92)
        role = Person.FamilyRole.FATHER if male and ctx.chance(0.8) else Person.FamilyRole.PARTNER
        person = self._person(mother.family, role, code, heritage, area, male=male)
        if ctx.chance(0.6):
            person.family_name = mother.family_name
        if ctx.chance(0.9):
            person.postcode = mother.postcode
        person.date_of_birth = self._born(age_from=19, age_to=50, peak=33)
        self._needs(person, code or "")
        return person

    def family(self, service_id: int) -> Family:
        family = Family(service_id=service_id)
        self.families.append(family)
        return family

    def save(self) -> None:
        Family.objects.bulk_create(self.families)
        Person.objects.bulk_create(self.people)
        through = Person.needs.through
        through.objects.bulk_create(
            through(person_id=person.pk, needorbarrier_id=need.pk)
            for person, needs in self.person_needs
            for need in needs
        )

    def _person(
        self, family: Family, role: str, code: str | None, heritage: Heritage | None, area: str, *, male: bool
    ) -> Person:
        ctx = self.ctx
        given, surname = self._name(heritage, male)
        language = ctx.weighted(heritage.languages) if heritage else "English"
        person = Person(
            service_id=family.service_id,
            family=family,
            family_role=role,
            given_name=given,
            family_name=surname,
            nhs_number=self._nhs_number() if ctx.chance(0.85) else "",
            postcode=self._postcode(area) if ctx.chance(0.95) else "",
            phone=f"07700 900{ctx.rng.randint(0, 999):03d}" if ctx.chance(0.85) else "",  # Ofcom drama range
            ethnic_category=self.categories.get(code) if code else None,
            preferred_language=language,
            needs_interpreter=language != "English" and ctx.chance(0.5),
        )
        self.people.append(person)
        return person

    def _heritage(self, code: str) -> Heritage | None:
        name = self.ctx.choice(_HERITAGE_BY_CATEGORY.get(code, ("",)))
        return HERITAGES.get(name)

    def _name(self, heritage: Heritage | None, male: bool) -> tuple[str, str]:
        ctx = self.ctx
        if heritage is None:
            given = ctx.fake.first_name_male() if male else ctx.fake.first_name_female()
            return given, ctx.fake.last_name()
        return ctx.choice(heritage.male if male else heritage.female), ctx.choice(heritage.surnames)

    def _born(self, *, age_from: int, age_to: int, peak: int) -> dt.date:
        years = self.ctx.rng.triangular(age_from, age_to, peak)
        return self.ctx.today - days(int(years * 365.25))

    def _baby_dates(self, mother: Person, referred_on: dt.date, in_mbu: bool) -> None:
        """Pregnant or postnatal on the day she was referred, and still within 24 months today."""
        ctx = self.ctx
        since_conception = ctx.rng.randint(250, 560) if in_mbu else ctx.rng.randint(60, 640)
        birth = referred_on - days(since_conception) + days(280 + ctx.rng.randint(-14, 7))
        if birth >= ctx.today:
            mother.due_date = birth
        else:
            mother.baby_date_of_birth = max(birth, ctx.today - days(720))

    def _needs(self, person: Person, code: str) -> None:
        ctx = self.ctx
        slugs: set[str] = set()
        if person.needs_interpreter:
            slugs.add("language-interpreter")
        if ctx.chance(0.35):
            slugs |= {ctx.weighted(_NEEDS) for _ in range(ctx.rng.randint(1, 2))}
        if code not in ("A", "B", "Z", "") and ctx.chance(0.15):
            slugs.add("culture-stigma")
        needs = [self.needs[s] for s in sorted(slugs) if s in self.needs]
        if needs:
            self.person_needs.append((person, needs))

    def _nhs_number(self) -> str:
        while True:
            candidate = f"999{self.ctx.rng.randint(0, 999_999):06d}"
            total = sum(int(d) * w for d, w in zip(candidate, range(10, 1, -1), strict=True))
            number = candidate + str((11 - total % 11) % 11)
            if len(number) == 10 and nhs_number.is_valid(number) and number not in self.nhs_numbers:
                self.nhs_numbers.add(number)
                return number

    def _postcode(self, area: str) -> str:
        ctx = self.ctx
        while True:
            letters = "".join(ctx.choice(_INWARD_LETTERS) for _ in range(2))
            candidate = f"{ctx.choice(_DISTRICTS[area])} {ctx.rng.randint(0, 9)}{letters}"
            try:
                postcode.validate(candidate)
            except ValidationError:
                continue
            return candidate
