"""Word lists for the synthetic demo population: names, places, schools and languages.

Every person, street, school and surgery the demo makes is an invented combination of
these words, drawn to look like a diverse English city. Lists run roughly from common to
rare; the generator draws from them with falling weights, so a few names are frequent
and many are rare, as in a real population. Nothing here describes a real person.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Pool:
    """Names common among families of one heritage (a broad, imperfect grouping)."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    languages: tuple[tuple[str, int], ...] = (("English", 1),)
    religions: tuple[tuple[str, int], ...] = (("", 5), ("none", 3), ("christian", 2))


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


POOLS = {
    "british": Pool(
        _split("""Oliver Harry George Jack Noah Charlie Jacob Thomas Oscar William Leo Alfie
            Henry Joshua Freddie Archie Ethan Isaac Alexander Joseph Edward Samuel Max Daniel
            Arthur Lucas Mason Theo Harrison Logan Riley Tyler Callum Kai Dylan Reece Lewis
            Connor Liam Jayden Kieran Aaron Ryan Ben Luke Owen Rhys Evan Finley Tommy Jake
            Bradley Jamie Lee Craig Darren Wayne Gary Mark Paul Stephen Carl Dean Shane Toby
            Rory Elliot Frankie Louie Ronnie Stanley Albert Hugo Jenson Brody Cameron Kyle
            Nathan Jordan Declan Corey Ashley Lenny Reggie Teddy Ellis Billy Morgan"""),
        _split("""Olivia Amelia Isla Ava Emily Isabella Mia Poppy Ella Lily Sophie Grace Freya
            Evie Charlotte Ruby Chloe Millie Daisy Jessica Phoebe Sienna Holly Scarlett Lacey
            Leah Megan Bethany Courtney Jade Kayleigh Shannon Paige Amber Rebecca Hannah
            Lauren Natalie Kirsty Gemma Stacey Kelly Danielle Michelle Lisa Sarah Emma Laura
            Nicola Tracey Amy Katie Ellie Maisie Harper Willow Rosie Erin Caitlin Eleanor Alice
            Florence Matilda Esme Lola Molly Tilly Darcie Skye Summer Nevaeh Lexi Macy Bella
            Demi Kacey Abbie Jodie Charlene Leanne Donna Hayley Carly Tia Keira"""),
        _split("""Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright
            Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Harris Lewis
            Turner Hill Cooper Ward Morris Moore Clark Baker Harrison King Martin Allen Young
            Scott Edwards Hughes Mitchell Carter Phillips Parker Bennett Cook Price Shaw
            Richardson Bailey Webb Griffiths Marshall Holmes Lloyd Barker Fisher Mason Hunt
            Palmer Mills Pearce Fletcher Stevens Chapman Ellis Gibson Dixon Hodgson Rowe Lowe
            Butler Booth Pritchard Atkinson Barnes Hudson Moss Stubbs Kershaw Tomlinson
            Ashworth Whitehead Sutcliffe Ormerod Haworth Bradshaw Hargreaves Greenwood Crossley
            Pickering Lomax Brierley Heywood Platt Riley Bentley Fairclough Horrocks Entwistle
            Duckworth Ramsbottom Winstanley Aspinall Cartwright Foulkes Gittins Pugh Bowen
            Jenkins Powell Rees Watkins Vaughan Probert Mackenzie Fraser Stewart Ross Paterson
            Sinclair Ferguson Henderson Gallacher Crawford Burrows Whitfield Sharples Brooks
            Harding Lambert Goodwin Newton Pemberton Norris Dawson Bates Gregory Hayes Kirby
            Slater Jennings Lucas Rhodes Garner Bishop Reeves Shepherd Hammond Whittaker"""),
        religions=(("", 6), ("none", 4), ("christian", 3)),
    ),
    "irish": Pool(
        _split("""Sean Ciaran Declan Padraig Conor Cian Oisin Eoin Niall Darragh Fionn Ronan
            Cathal Dara Tadhg"""),
        _split("""Aoife Siobhan Niamh Ciara Roisin Orla Sinead Saoirse Aisling Clodagh Grainne
            Maeve Caoimhe Eimear Fiadh"""),
        _split("""Murphy Kelly O'Brien Byrne Ryan O'Connor Doyle McCarthy Gallagher Doherty
            Kennedy Lynch Quinn Flanagan Donnelly McLaughlin Keane Nolan Duffy Brennan
            Fitzgerald O'Sullivan Hennessy Moran Costello"""),
        religions=(("", 4), ("christian", 4), ("none", 2)),
    ),
    "traveller": Pool(
        _split("Patrick Michael John Martin Johnny Paddy Thomas James Francis Edward"),
        _split("Bridget Mary Margaret Kathleen Nora Winnie Ellen Josie Kitty Sally"),
        _split("Ward McDonagh Joyce Connors Maughan Doran Sweeney Stokes Cash Delaney Nevin"),
        religions=(("", 3), ("christian", 6)),
    ),
    "european": Pool(
        _split("""Jakub Mateusz Kacper Szymon Filip Andrei Mihai Ionut Lukas Matas Tomas
            Dmytro Oleksandr Marek Bogdan Nikola Luka Rafael Tiago Diogo Marco Luca Mateo
            Antoni Emil Artur Denis Vlad Adrian Kristian"""),
        _split("""Zuzanna Julia Maja Oliwia Alicja Ioana Elena Andreea Gabriela Ugne Kamile
            Viktoriia Anastasia Milena Daria Beatriz Ines Chiara Lucia Natalia Wiktoria Karina
            Bianca Raluca Agnieszka Monika Simona Kristina Laura Emilia"""),
        _split("""Nowak Kowalski Wisniewski Wojcik Kaminski Zielinski Lewandowski Popescu
            Ionescu Dumitru Stan Constantin Kazlauskas Petrauskas Jankauskas Kovalenko
            Shevchenko Bondarenko Horvat Novak Varga Nagy Kovacs Ozols Berzins Tamm Silva
            Santos Ferreira Costa Oliveira Pereira Rossi Russo Esposito Garcia Fernandez
            Martinez Georgiou Papadopoulos Dimitrov Petrov Ivanova Mazur Krawczyk Pavlov"""),
        languages=(("English", 4), ("Polish", 4), ("Romanian", 3), ("Lithuanian", 2),
                   ("Portuguese", 2), ("Ukrainian", 1), ("Bulgarian", 1), ("Latvian", 1)),
        religions=(("", 5), ("christian", 5), ("none", 2)),
    ),
    "roma": Pool(
        _split("Florin Marian Costel Ionel Dragos Robert Daniel Nicolae Gheorghe Sorin"),
        _split("Florentina Mirela Ramona Loredana Denisa Alina Roxana Lavinia Casandra Marina"),
        _split("Lacatus Rostas Stoica Balog Lakatos Dudas Horvath Olah Radu Caldarar Sandu"),
        languages=(("Romanian", 4), ("Romani", 3), ("Slovak", 2), ("Czech", 1),
                   ("English", 2)),
        religions=(("", 5), ("christian", 4)),
    ),
    "pakistani": Pool(
        _split("""Muhammad Mohammed Ali Hamza Ibrahim Yusuf Zain Ayaan Hassan Bilal Usman
            Imran Adnan Haris Zakariya Rayyan Saad Umar Abdullah Arham Musa Idris Junaid
            Faisal Rehan Shahid Tahir Waqas Zubair Kashif"""),
        _split("""Aisha Maryam Fatima Zara Hafsa Zainab Khadijah Amna Iqra Mehwish Sana Hania
            Anaya Inaaya Eman Ayesha Noor Safa Samina Nasreen Aleena Hira Rabia Sadia Sobia
            Humaira Alisha Kinza Mahnoor Laiba"""),
        _split("""Khan Hussain Ahmed Ali Mahmood Akhtar Iqbal Shah Rashid Butt Malik Aslam
            Riaz Javed Anwar Qureshi Chaudhry Raja Mirza Sadiq Nawaz Tariq Zaman Hanif Bashir
            Siddiqui Abbasi Afzal Rafiq Yaqub"""),
        languages=(("English", 6), ("Urdu", 4), ("Punjabi", 3), ("Pahari", 2), ("Pashto", 1)),
        religions=(("muslim", 8), ("", 2)),
    ),
    "bangladeshi": Pool(
        _split("""Mohammed Abdul Rahim Sayed Tanvir Rafiq Ayaan Ishaq Mahir Zayan Shahin Sabbir
            Rayhan Nabil Arif"""),
        _split("""Fahima Ruksana Jannat Tahmina Sumaya Nusrat Raisa Anika Lamia Tasnim Shirin
            Salma Habiba Mim Afia"""),
        _split("""Begum Miah Uddin Rahman Islam Ahmed Hoque Chowdhury Hossain Ullah Alom Karim
            Sarkar Talukdar Mollah"""),
        languages=(("English", 5), ("Bengali", 4), ("Sylheti", 4)),
        religions=(("muslim", 8), ("", 2)),
    ),
    "indian": Pool(
        _split("""Arjun Aarav Rohan Vihaan Krish Dev Harjit Gurpreet Jaspreet Manpreet Rajesh
            Sanjay Vikram Amrit Nikhil Ishaan Kabir Ravi Jasdeep Karan Aryan Sukhdev
            Hardeep Pritam"""),
        _split("""Priya Anika Diya Kavya Simran Harpreet Navneet Meera Anjali Pooja Riya Sneha
            Kiran Asha Aanya Saanvi Jasleen Gurleen Parminder Sunita Rupinder Amandeep Nisha
            Shreya"""),
        _split("""Patel Sharma Singh Kaur Gill Sandhu Sidhu Dhillon Kumar Mistry Parmar Chauhan
            Joshi Mehta Bhatt Desai Rana Solanki Virdi Bains Johal Grewal Lal Nair Pillai"""),
        languages=(("English", 6), ("Punjabi", 3), ("Gujarati", 3), ("Hindi", 1),
                   ("Tamil", 1)),
        religions=(("sikh", 4), ("hindu", 4), ("muslim", 1), ("", 2)),
    ),
    "other_asian": Pool(
        _split("""Arun Kajan Thushan Ahmad Farhad Omid Jose Bishal Suman Niroshan Mustafa
            Jawad Sunil Prakash Miguel"""),
        _split("""Tharshika Nila Mariam Parisa Shirin Maricel Jasmine Sabina Sita Anjali
            Laleh Kristine Maria Sajani Roza"""),
        _split("""Sivakumar Rajaratnam Thavarajah Ahmadi Karimi Rahimi Noori Reyes Cruz
            Gurung Tamang Rai Thapa Limbu Mendoza Sultani Hakimi Nazari"""),
        languages=(("English", 3), ("Tamil", 2), ("Dari", 2), ("Pashto", 2), ("Tagalog", 1),
                   ("Nepali", 1)),
        religions=(("", 4), ("muslim", 3), ("hindu", 2), ("christian", 1), ("buddhist", 1)),
    ),
    "caribbean": Pool(
        _split("""Jermaine Tyrone Marcus Andre Jerome Dwayne Leon Nathaniel Isaiah Malachi
            Elijah Reuben Tyrese Kyrie Jaden Jaheim Rashad Kemar Devon Lamar"""),
        _split("""Shanice Tanisha Keisha Chantelle Jada Aaliyah Kiara Nia Imani Janelle Simone
            Marcia Precious Makayla Amara Shantel Tiana Kenya Jasmine Naomi"""),
        _split("""Campbell Brown Francis Thomas Graham Grant Henry Morgan Reid Gordon Richards
            Bailey Gayle Powell Samuels Clarke Barrett Johnson Forbes McKenzie Lindo Bryan
            Edwards Stewart Wallace"""),
        religions=(("", 5), ("christian", 5), ("none", 1)),
    ),
    "african": Pool(
        _split("""Oluwaseun Tobi Chidi Emeka Kwabena Kofi Yaw David Daniel Samuel Emmanuel
            Joshua Tunde Femi Ayo Abdirahman Abdullahi Mohamed Yonas Dawit Mustafe Liban
            Chinedu Ifeanyi Kelechi Nana Kwame Elijah Moses Isaac"""),
        _split("""Adaeze Chioma Ngozi Temitope Folake Abena Ama Efua Blessing Favour Esther
            Deborah Ruth Hodan Fadumo Ifrah Sagal Hibo Ayan Semhar Luwam Nasra Oluwadamilola
            Chiamaka Nkechi Adwoa Akosua Comfort Mercy Zainab"""),
        _split("""Adeyemi Okonkwo Oyelaran Balogun Adebayo Mensah Boateng Asante Owusu Nwosu
            Eze Obi Adewale Bankole Agyeman Appiah Darko Ogunleye Abdi Warsame Farah Omar Jama
            Hersi Tesfaye Gebremedhin Haile Berhe Osman Yusuf Olaniyan Nwachukwu Ekwueme
            Oduya Amankwah"""),
        languages=(("English", 6), ("Somali", 3), ("Yoruba", 2), ("Igbo", 1), ("Twi", 1),
                   ("Tigrinya", 1), ("Arabic", 1)),
        religions=(("christian", 5), ("muslim", 3), ("", 3)),
    ),
    "chinese": Pool(
        _split("Wei Jun Hao Ming Zhi Tian Kai Yu Jian Bo Ethan Jayden Ryan Kelvin Tony"),
        _split("Mei Ling Xin Yan Hui Jia Wing Qing Xiu Lin Chloe Jessica Vivian Karen Amy"),
        _split("""Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Chan Wong Cheung Lau Ho Ng
            Leung Tang Lam Yip"""),
        languages=(("English", 5), ("Cantonese", 3), ("Mandarin", 3)),
        religions=(("", 5), ("none", 4), ("buddhist", 1), ("christian", 1)),
    ),
    "middle_eastern": Pool(
        _split("""Omar Yousef Karim Ahmad Mustafa Amir Rebin Aram Emre Mehmet Yusuf Khalid
            Sami Rami Hadi Ziad Kawa Baran Tariq Hassan"""),
        _split("""Layla Nour Rania Yasmin Hana Dilan Zeynep Elif Lana Sara Rojin Shilan Huda
            Dalia Amira Reem Farah Lina Nadia Salma"""),
        _split("""Al-Sayed Haddad Nasser Saleh Mansour Aziz Hamid Yilmaz Demir Kaya Ozturk
            Abdullah Mahmoud Ibrahim Karimi Rasul Qadir Hamad Sabri Taha Jaber Darwish"""),
        languages=(("English", 3), ("Arabic", 4), ("Kurdish", 3), ("Turkish", 2),
                   ("Farsi", 1)),
        religions=(("muslim", 7), ("", 3), ("christian", 1)),
    ),
}

# DfE ethnicity code: (weight among children known to social care in the demo city,
# the heritage pools the two parents' names come from).
ETHNICITIES = {
    "WBRI": (540, ("british", "british")),
    "WIRI": (6, ("irish", "british")),
    "WIRT": (6, ("traveller", "traveller")),
    "WOTH": (60, ("european", "european")),
    "WROM": (12, ("roma", "roma")),
    "MWBC": (40, ("british", "caribbean")),
    "MWBA": (15, ("british", "african")),
    "MWAS": (20, ("british", "pakistani")),
    "MOTH": (40, ("british", "middle_eastern")),
    "AIND": (25, ("indian", "indian")),
    "APKN": (60, ("pakistani", "pakistani")),
    "ABAN": (20, ("bangladeshi", "bangladeshi")),
    "AOTH": (15, ("other_asian", "other_asian")),
    "BCRB": (20, ("caribbean", "caribbean")),
    "BAFR": (50, ("african", "african")),
    "BOTH": (15, ("african", "caribbean")),
    "CHNE": (5, ("chinese", "chinese")),
    "OOTH": (25, ("middle_eastern", "middle_eastern")),
    "REFU": (3, ("british", "european")),
    "NOBT": (12, ("british", "british")),
}

# Children who arrived alone and seek asylum: their own names and languages.
UASC_ETHNICITIES = {"AOTH": 4, "BAFR": 3, "OOTH": 3}
UASC_LANGUAGES = {"AOTH": ("Pashto", "Dari"), "BAFR": ("Tigrinya", "Amharic", "Somali"),
                  "OOTH": ("Arabic", "Kurdish")}

# Short and alternative forms, so other names and misspellings look like real ones.
ALTERNATIVES = {
    "Mohammed": "Muhammad", "Muhammad": "Mohammed", "Mohamed": "Mohammad",
    "Aisha": "Ayesha", "Ayesha": "Aisha", "Alexander": "Alex", "Joshua": "Josh",
    "Samuel": "Sam", "Daniel": "Danny", "Joseph": "Joe", "Thomas": "Tom", "William": "Billy",
    "Oluwaseun": "Seun", "Oluwadamilola": "Dami", "Temitope": "Tope", "Chidi": "Chidiebere",
    "Oliwia": "Olivia", "Zuzanna": "Suzanna", "Viktoriia": "Victoria", "Jakub": "Jacob",
    "Mateusz": "Matthew", "Andrei": "Andrew", "Isabella": "Bella", "Charlotte": "Lottie",
    "Eleanor": "Ellie", "Matilda": "Tilly", "Rebecca": "Becky", "Jessica": "Jess",
    "Nathaniel": "Nate", "Elizabeth": "Beth", "Khadijah": "Khadija", "Zakariya": "Zak",
    "Ibrahim": "Ibby", "Abdirahman": "Abdi", "Abdullahi": "Abdi", "Patrick": "Paddy",
    "Kathleen": "Kath", "Bridget": "Biddy", "Frankie": "Francesca", "Jayden": "Jaden",
}

NEIGHBOURHOODS = _split("""Ashmoor Brindleford Calderwick Dunmere Eastfold Fennick Garrowby
    Halswood Irnhope Kestlecombe Lowther Marstow Netherfold Oakhurst Pellingham Quarrendale
    Redmarsh Scarrowdale Thornbury Upwell Wyvernside Yarrowfield Brackenholt Coldharbour""")

STREET_WORDS = _split("""Alder Ash Beech Birch Bramble Cedar Chestnut Elder Elm Fern Hawthorn
    Hazel Holly Juniper Larch Linden Maple Oak Poplar Rowan Sycamore Willow Yew Bluebell Clover
    Foxglove Heather Primrose Thistle Kestrel Heron Lapwing Linnet Martin Plover Skylark Swift
    Wren Curlew Brook Canal Chapel Church Cross Forge Granary Kiln Market Mill Orchard Quarry
    Railway Station Tannery Weaver Wharf Albion Balmoral Clarendon Dalton Everard Fairfax
    Gladstone Harcourt Kingsley Lancaster Montague Nelson Pembroke Ruskin Stanhope Tennyson
    Victoria Wellington Windsor Ashby Barrow Colwyn Denby Elston Felling Grindle Hadley
    Ingham Kenley Lindford Morley Norbury Otley Penrith Radley Selby Tadley""")
STREET_KINDS = _split("""Road Road Road Street Street Avenue Close Close Grove Way Crescent Lane
    Drive Terrace Gardens Walk Rise Mews Place Court""")
BLOCK_NAMES = _split("""Kestrel Heron Falcon Merlin Osprey Swallow Linnet Curlew Marsh
    Beacon Canalside Millbrook Riverside Foundry Weavers Tanners Priory""")

GP_SUFFIXES = ("Surgery", "Medical Centre", "Health Centre", "Medical Practice",
               "Family Practice", "Primary Care Centre")
SAINTS = _split("Alban Bede Chad Cuthbert Hilda Aidan Anne Brigid Columba Dunstan Oswald Wilfrid")
PRIMARY_KINDS = ("Primary School", "Primary School", "Primary Academy", "Community Primary",
                 "Junior and Infant School", "C of E Primary School", "Catholic Primary School")
SECONDARY_KINDS = ("High School", "Academy", "School", "Community College",
                   "Catholic High School")
EARLY_YEARS = ("Nursery", "Children's Centre Nursery", "Day Nursery", "Pre-school")

PROFESSIONAL_ROLES = {
    "baby": (("Health visitor", "Fernbridge Community Health"),
             ("Midwife", "Fernbridge Maternity Unit")),
    "school": (("Designated safeguarding lead", None), ("Class teacher", None),
               ("School nurse", "Fernbridge Community Health"),
               ("SENCO", None)),
    "teen": (("Youth worker", "Fernbridge Youth Service"),
             ("Youth justice officer", "Fernbridge Youth Justice Service"),
             ("CAMHS practitioner", "Fernbridge CAMHS")),
    "any": (("GP", None), ("Police officer", "Fernbridge Police Safeguarding Hub"),
            ("Family support worker", "Fernbridge Early Help"),
            ("Domestic abuse advocate", "Fernbridge Domestic Abuse Service")),
}
