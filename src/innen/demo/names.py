"""Word lists for believable Dutch names and addresses. Data only."""

FIRST_NAMES = (
    "Jan", "Pieter", "Kees", "Henk", "Willem", "Johan", "Sander", "Thomas", "Daan", "Bram",
    "Ruben", "Lars", "Tim", "Jeroen", "Mark", "Erik", "Martijn", "Bas", "Joost", "Niels",
    "Rik", "Stefan", "Gert", "Arjen", "Dennis", "Luuk", "Sem", "Ahmed", "Mohamed", "Mehmet",
    "Anna", "Emma", "Sophie", "Julia", "Lisa", "Sanne", "Fleur", "Eva", "Lotte", "Anouk",
    "Marieke", "Ingrid", "Petra", "Monique", "Linda", "Esther", "Fatima", "Yasmina", "Noor",
    "Iris", "Femke", "Hanneke", "Karin", "Wendy", "Mirjam", "Ilse", "Judith", "Gerda",
)  # fmt: skip

# (tussenvoegsel, surname): the tussenvoegsel is written lower case after a first name.
SURNAMES = (
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"),
    ("", "Bakker"), ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"),
    ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"),
    ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"),
    ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"),
    ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"),
    ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"),
    ("van der", "Heijden"), ("", "Schouten"), ("van", "Beek"), ("", "Willems"),
    ("van", "Vliet"), ("van de", "Ven"), ("", "Hoekstra"), ("", "Maas"), ("", "Verhoeven"),
    ("", "Koster"), ("van", "Dam"), ("van der", "Wal"), ("", "Prins"), ("", "Blom"),
    ("", "Huisman"), ("de", "Lange"), ("", "Kuipers"), ("van", "Wijk"), ("", "Postma"),
    ("", "Kramer"), ("", "Yilmaz"), ("el", "Amrani"), ("", "Kaya"), ("", "Bouzid"),
    ("ter", "Horst"), ("", "Wolters"), ("", "Nijhuis"), ("", "Scholten"), ("", "Lubbers"),
)  # fmt: skip

ENGLISH_FIRST_NAMES = (
    "James", "Emily", "Oliver", "Sarah", "Daniel", "Laura", "Michael", "Hannah", "David",
    "Rachel", "Thomas", "Claire",
)  # fmt: skip
ENGLISH_SURNAMES = (
    "Whitfield", "Carter", "Hughes", "O'Connor", "Brooks", "Bennett", "Turner", "Reid",
    "Fletcher", "Morgan", "Walsh", "Harper",
)  # fmt: skip

# Names of places and houses, as Dutch cafés, hotels and care homes are called.
PLACE_NAMES = (
    "De Gouden Leeuw", "De Zwaan", "De Kroon", "'t Hoekje", "De Molen", "De Oude Smidse",
    "Het Pakhuis", "De Waag", "De Karseboom", "Het Veerhuis", "De Boerderij", "De Zeemeeuw",
    "De Sluis", "Het Anker", "De Keyser", "De Vlasbloem", "De Posthoorn", "Het Tolhuis",
    "De Linde", "De Hooiberg", "Het Wapen", "De Eendracht", "De Klomp", "Het Kruispunt",
    "De Zonnebloem", "De Weide", "Het Baken", "De Vijverhof", "De Brink", "De Es",
)  # fmt: skip

# International firms in the Netherlands, by segment; they get their letters in English.
ENGLISH_COMPANY_NAMES = {
    "horeca": ("Harbour Coffee Company", "Northside Kitchen", "Green Bicycle Cafe",
               "Windmill Hospitality", "Blue Tulip Catering"),
    "retail": ("The Dutch Pantry", "Canal Street Bakery", "Flying Dutchman Foods"),
    "bouw": ("Lowlands Building Services", "Brick Lane Interiors"),
    "zorg": ("Amstel International Clinic", "Little Explorers Daycare"),
    "kantoor": ("Tulip Tech Consulting", "Orange Desk Translations"),
}  # fmt: skip

# Per segment: patterns for business names; {surname} and {place} are filled in.
COMPANY_PATTERNS = {
    "horeca": (
        "Café {place}", "Restaurant {place}", "Eetcafé {place}", "Brasserie {place}",
        "Hotel {place}", "Lunchroom {place}", "Grand Café {place}", "Cafetaria {place}",
        "Partycentrum {place}", "Strandpaviljoen {place}", "Snackbar {surname}",
    ),
    "retail": (
        "Slagerij {surname}", "Bakkerij {surname}", "Kaashandel {surname}",
        "Drogisterij {surname}", "Tuincentrum {place}", "Dierenspeciaalzaak {surname}",
        "Delicatessen {place}", "Bloemenhuis {surname}", "Poelier {surname}",
        "Viswinkel {surname}", "Supermarkt {surname}", "Warenhuis {surname}",
    ),
    "bouw": (
        "Bouwbedrijf {surname}", "Aannemersbedrijf {surname}", "Installatiebedrijf {surname}",
        "Loodgietersbedrijf {surname}", "Schildersbedrijf {surname}", "Klusbedrijf {surname}",
        "Timmerbedrijf {surname}", "Dakdekkersbedrijf {surname}", "Tegelzetbedrijf {surname}",
        "{surname} Installatietechniek", "Renovatiebedrijf {surname}",
    ),
    "zorg": (
        "Zorgcentrum {place}", "Woonzorgcentrum {place}", "Kinderdagverblijf {place}",
        "Tandartspraktijk {surname}", "Huisartsenpraktijk {surname}",
        "Fysiotherapie {surname}",
    ),
    "kantoor": (
        "Administratiekantoor {surname}", "Advocatenkantoor {surname}",
        "Accountantskantoor {surname}", "Makelaardij {surname}", "Reclamebureau {place}",
        "{surname} Adviesgroep",
    ),
}  # fmt: skip

# (city, first and last four-digit postcode of the city, telephone area code). The wholesaler
# sits in Zwolle, so towns around it come first and weigh more.
CITIES = (
    ("Zwolle", 8011, 8043, "038"), ("Kampen", 8261, 8267, "038"),
    ("Deventer", 7411, 7439, "0570"), ("Apeldoorn", 7311, 7339, "055"),
    ("Meppel", 7941, 7944, "0522"), ("Hardenberg", 7771, 7773, "0523"),
    ("Hoogeveen", 7901, 7909, "0528"), ("Raalte", 8101, 8102, "0572"),
    ("Dalfsen", 7721, 7722, "0529"), ("Emmeloord", 8301, 8305, "0527"),
    ("Harderwijk", 3841, 3849, "0341"), ("Assen", 9401, 9409, "0592"),
    ("Amsterdam", 1011, 1109, "020"), ("Rotterdam", 3011, 3089, "010"),
    ("Den Haag", 2491, 2599, "070"), ("Utrecht", 3511, 3585, "030"),
    ("Eindhoven", 5611, 5658, "040"), ("Groningen", 9711, 9747, "050"),
    ("Amersfoort", 3811, 3829, "033"), ("Haarlem", 2011, 2037, "023"),
    ("Arnhem", 6811, 6846, "026"), ("Nijmegen", 6511, 6546, "024"),
    ("Leeuwarden", 8911, 8939, "058"), ("Enschede", 7511, 7548, "053"),
)  # fmt: skip
NEARBY_CITIES = 12  # the first this many in CITIES

SHOP_STREETS = (
    "Markt", "Kerkstraat", "Hoofdstraat", "Dorpsstraat", "Grote Markt", "Stationsplein",
    "Havenkade", "Voorstraat", "Nieuwstraat", "Langestraat", "Brink", "Kerkplein",
)  # fmt: skip
BUSINESS_STREETS = (
    "Industrieweg", "Handelsweg", "Nijverheidsweg", "Ambachtsweg", "Edisonstraat",
    "Marconistraat", "Transportweg", "Zuiderzeelaan", "Vlotbrugweg", "Galileïstraat",
)  # fmt: skip
HOME_STREETS = (
    "Kerkstraat", "Schoolstraat", "Molenweg", "Julianalaan", "Wilhelminastraat",
    "Beatrixstraat", "Prins Bernhardlaan", "Eikenlaan", "Beukenlaan", "Lindenlaan",
    "Rozenstraat", "Tulpstraat", "Merelstraat", "Vondellaan", "Rembrandtstraat",
    "Van Goghstraat", "Parkweg", "Sportlaan", "Akkerweg", "Esdoornlaan",
)  # fmt: skip

# Dutch postcodes never use these letters, nor the pairs SA, SD and SS.
POSTCODE_LETTERS = "ABCEGHJKLMNPRSTVWXZ"
POSTCODE_PAIRS_NOT_USED = frozenset({"SA", "SD", "SS"})

# Banks whose customers pay the wholesaler: (bank code, weight), roughly by market share.
BANKS = (("INGB", 38), ("RABO", 27), ("ABNA", 18), ("SNSB", 6), ("ASNB", 3), ("TRIO", 2),
         ("KNAB", 2), ("BUNQ", 3), ("RBRB", 1))  # fmt: skip

CONSUMER_MAIL_DOMAINS = ("ziggo.example", "kpnmail.example", "gmail.example", "hotmail.example")
