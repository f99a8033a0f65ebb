"""Word lists the extraction rules use: roles, honorifics, organisations, numbers, dates.

Kept in one place so that a miss on real text is fixed by adding a word, not a rule.
All entries are lower case; lookups lower-case the word first.
"""

from __future__ import annotations

# Nouns that name an office, a job or a position ("chairman", "prosecutor", "leader").
ROLE_HEADS = frozenset(
    """
    chairman chairwoman chairperson chair co-chairman co-chair president vice-president
    premier chancellor minister ministers secretary secretary-general undersecretary
    prosecutor prosecutor-general attorney attorney-general solicitor-general advocate
    judge justice magistrate governor mayor deputy commissioner ombudsman
    ambassador envoy consul diplomat delegate representative senator congressman congresswoman
    mp mep msp am mla peer leader chief head boss director director-general executive
    manager officer official spokesman spokeswoman spokesperson adviser advisor aide
    commander general colonel major captain lieutenant sergeant admiral marshal
    inspector superintendent constable detective sheriff
    king queen prince princess emperor sultan emir sheikh president-elect
    mufti imam rabbi bishop archbishop cardinal pope cleric priest vicar
    professor lecturer researcher analyst economist expert scientist
    editor correspondent journalist reporter presenter broadcaster columnist commentator
    founder co-founder owner chairmen treasurer whip speaker clerk registrar
    coordinator organiser organizer campaigner activist lawyer barrister counsel
    councillor alderman mayoress regent viceroy governor-general premier-elect
    model ex-model actor actress singer author writer director-designate maker producer counterpart
    coach trainer
    """.split()
)

# Words that modify a role without being one ("deputy", "shadow", "former", "regional").
ROLE_MODIFIERS = frozenset(
    """
    deputy vice acting former ex interim shadow senior junior chief regional national
    general foreign home prime first second interior defence defense finance health
    education justice trade industry culture transport environment energy security
    intelligence public press media communications policy political legal military
    assistant associate executive principal permanent special district state federal
    local county city party opposition government labour conservative tory
    liberal democrat lib dem green union labor republican democratic top
    """.split()
)

# Titles written before a name that are not roles in themselves.
HONORIFICS = frozenset("mr mrs ms miss dr sir dame madam mister".split())
# Titles before a name that are roles ("Lord Ashcroft", "Prince Harry", "Professor Lovenduski").
TITLE_ROLES = frozenset("lord lady baroness baron prince princess professor prof rabbi rev reverend".split())
FEMALE_HONORIFICS = frozenset("mrs ms miss dame madam lady baroness princess".split())
MALE_HONORIFICS = frozenset("mr sir mister lord baron prince".split())

# Last words of organisation names: a capitalised run ending in one is not a person.
ORGANISATION_WORDS = frozenset(
    """
    committee committe group office party council ministry department agency service services
    union bank association commission court parliament assembly government administration
    authority board bureau institute institution university college school academy church
    corporation company corp inc ltd plc foundation trust fund federation league club
    movement front army navy force forces police brigade unit network channel news times
    post journal press radio television tv broadcasting programme program show centre center
    organisation organization alliance coalition society region province republic kingdom
    state states city county district commonwealth nations council senate congress
    house hospital prison embassy consulate cabinet treasury exchequer parliamentary
    summit conference congress festival awards award prize cup championship olympics games
    watch rights international chambers commerce industry trade election elections budget war
    referendum campaign manifesto
    street road square airport station
    """.split()
)

# Capitalised words that start sentences or name things, never a person's name.
NOT_NAME_WORDS = frozenset(
    """
    the a an this that these those it its in on at of for from to by with and or but if as
    he she they we i you his her their our my your there here however meanwhile while when
    where after before since although though yet so also still even only then now today
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    islamic isis isil al-qaeda syria iraq kazakhstan russia britain england scotland wales
    europe european america american british english uk us usa eu un nato bbc
    christmas easter ramadan muslim muslims christian christians jewish arab arabs
    according despite during following under over about around some many most several
    mps ministers officials police government labour tories tory conservatives
    lib dems liberal democrats democrats republicans north south east west central democrat
    one two three four five six seven eight nine ten eleven twelve hundred thousand million
    both what other others all every each neither either any such who whom whose why how which
    republican capitol tower
    """.split()
)

SPEECH_VERBS = frozenset(
    """
    said says say told tells added adds stated states declared declares explained explains
    insisted insists argued argues claimed claims warned warns noted notes asked asks
    announced announces wrote writes commented comments replied replies continued continues
    admitted admits acknowledged acknowledges suggested suggests urged urges stressed stresses
    described describes called calls maintained maintains conceded concedes predicted predicts
    recalled recalls remarked remarks revealed reveals believes believed agreed agrees
    complained complains accused accuses denied denies promised promises pledged pledges
    responded responds told telling saying adding brands branded dismissed dismisses labelled
    """.split()
)

# Speech cues of news reporting, from the cue words PolNeAR's annotators marked (said, told,
# wrote, added, tweeted, continued, asked, responded, ...). The quote sieve reads these;
# SPEECH_VERBS above still drives who the people finder takes for a sayer and the older
# attribution the sieve falls back on (merging the two lists would change both).
SPEECH_CUES = frozenset(
    """
    said says say saying told tells telling wrote writes writing added adds adding tweeted tweets
    tweeting continued continues continuing asked asks asking responded responds responding replied
    replies replying declared declares declaring explained explains explaining concluded concludes
    reported reports stated states noted notes noting admitted admits admitting shouted shouts
    shouting yelled yelling screamed joked jokes remarked remarks assured assures urged urges warned
    warns warning posted posts interjected exclaimed barked quipped quips blasted answered answers
    insisted insists insisting argued argues arguing claimed claims claiming predicted predicts
    conceded concedes recalled recalls recalling announced announces acknowledged acknowledges
    suggested suggests stressed stresses agreed agrees complained complains promised promises
    pledged pledges vowed vows countered counters retorted mused wondered texted emailed testified
    cautioned observed boasted lamented reiterated recounted opined proclaimed whispered commented
    comments maintained maintains revealed reveals called calls calling described describes accused
    accuses denied denies dismissed dismisses emphasized emphasised pointed began begins brands
    branded confesses confessed charged charges fumed questioned beamed boomed echoed echoes
    asserted asserts demurred remembered interjecting remarking
    """.split()
) | frozenset({"shot back", "fired back", "hit back", "put it", "cut in"})
# Cues of words that are sung or chanted, not said: their quotations have no speaker.
NOT_SPEECH_CUES = frozenset("sang sings sing singing chanted chants chant chanting".split())
# Cues after which the sayer may follow ("said Trump"); not "told", whose listener follows.
SAYER_FOLLOWS_CUES = frozenset(
    """
    said says added adds wrote writes asked asks continued continues explained recalled tweeted
    replied responded declared noted concluded argued insisted warned joked quipped remarked
    observed countered retorted answered stated
    """.split()
)
# Cues after which the sayer is never the phrase that follows: a listener ("told reporters"),
# an object ("called Trump", "accused the senator"). Every other cue may lead an inverted
# attribution after a quotation ('"...," declares Stephanie Acs').
LISTENER_FOLLOWS_CUES = frozenset(
    """
    told tells telling urged urges assured assures called calls calling described describes accused
    accuses denied denies dismissed dismisses blasted brands branded charged charges questioned
    pointed began begins posted posts reported reports promised promises thanked
    """.split()
)

# Titles written with a period before American names ("Sen.", "Rep.", "Gov.").
ABBREVIATED_TITLES = frozenset(
    "mr mrs ms dr sen sens rep reps gov gen lt col sgt rev prof pres atty supt adm capt cmdr amb".split()
)

# Heads of noun phrases that stand for an organisation or a document, not a person.
ORGANISATION_HEADS = frozenset(
    """
    campaign committee group company statement report newspaper board organization organisation
    party administration agency department network paper magazine website site office team
    union association coalition council court lawsuit suit memo release letter email ad video
    poll survey study editorial account page station channel outlet firm caucus
    """.split()
)
# Heads that stand for a person when "the" or "a" leads them ("the billionaire said").
PERSON_HEADS = ROLE_HEADS | frozenset(
    """
    businessman businesswoman candidate nominee front-runner frontrunner billionaire host mogul
    senator congressman congresswoman lawmaker governor mayor man woman voter supporter
    father mother son daughter wife husband friend source official spokesman spokeswoman
    real-estate developer doctor neurosurgeon surgeon veteran student pastor preacher
    democrat republican moderator comedian star rapper contender challenger incumbent hopeful
    colleague
    """.split()
)
# Heads that name someone new rather than someone already named ("a spokesman", "the source").
GENERIC_HEADS = frozenset(
    """
    spokesman spokeswoman spokesperson source official aide voter supporter man woman friend
    student veteran adviser advisor analyst expert person people resident member colleague
    """.split()
)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
    "half": 0.5,
}  # fmt: skip

SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "m": 1_000_000, "bn": 1_000_000_000, "k": 1_000,
    "mn": 1_000_000, "tn": 1_000_000_000_000,
}  # fmt: skip

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr st prof gen col lt sgt capt rev jr sr no vs etc inc ltd co corp dept est
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft gov sen rep
    """.split()
)

# Function words and common verbs: never part of a role phrase or a counted noun.
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those it its is are was were be been being had has have do does did
    will would can could may might must shall should of from in on at to for with by about into
    over under after before since during as than or but nor so if then who whom whose which what
    when where while because though although also still now currently already just only even
    reportedly less more most per each every all both either neither not no any some such very
    his her their our my your he she they we i you them him us me there here according said says
    told tells say seems seem seemed appears appear appeared comprising including like says
    met meet made make gave give took take went go got get put set led lead won win lost
    called call see saw seen know knew think thought want wants wanted
    """.split()
)

# Letters after a name that give a role ("Margaret Moran MP", "Guy Mansfield QC").
POST_NOMINALS = frozenset({"MP", "MEP", "MSP", "QC", "KC", "AM", "MLA", "MSc"})

# Words a role phrase read leftward from a name never crosses: prepositions that govern the
# phrase ("between the chancellor and Tony Blair", "against the wishes of chief executive
# David Gill") and adverbs that open a sentence in capitals ("Earlier Tory leader Michael Howard").
ROLE_BOUNDARY_WORDS = frozenset(
    """
    between against below above among amongst amid beside besides beyond via versus without within
    toward towards upon include includes including included earlier later yesterday recently
    previously currently instead again
    """.split()
)
# Last words of company and document names that follow a word that is also a title ("General
# Motors", "the Transport and General Workers' Union", "the Criminal Justice Bill"): never
# a surname after that title.
NAME_ENDS_NOT_SURNAMES = frozenset(
    "motors motor mills electric workers worker bill act plan division".split()
)

# People a subject speaks to, not the subject: "the moderator" is never the latest person named,
# only whoever the article gives that role.
INTERLOCUTOR_HEADS = frozenset(
    "moderator moderators host hosts interviewer anchor questioner heckler protester audience crowd".split()
)
