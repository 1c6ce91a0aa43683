"""Words the demo portal is written in: industries, topics, products and templates.

Templates use ``{slot}`` names filled in SQL (see :mod:`.engagements`); slot values
never contain ``<``, ``>`` or ``&``, so the plain text of a filled template equals
the filled plain text of the template, which is how ``search_text`` is built.
"""

from __future__ import annotations

INDUSTRIES = (
    "COMPUTER_SOFTWARE", "INFORMATION_TECHNOLOGY_AND_SERVICES", "FINANCIAL_SERVICES",
    "HOSPITAL_HEALTH_CARE", "LOGISTICS_AND_SUPPLY_CHAIN", "MARKETING_AND_ADVERTISING",
    "MACHINERY", "RETAIL", "CONSTRUCTION", "EDUCATION_MANAGEMENT", "INSURANCE",
    "TELECOMMUNICATIONS", "RENEWABLES_ENVIRONMENT", "FOOD_BEVERAGES",
)
COMPANY_SUFFIXES = ("Labs", "Systems", "Group", "Logistics", "Analytics", "Partners",
                    "Health", "Robotics", "Foods", "Energy", "Networks", "Works")

TOPICS = (
    "pricing", "the onboarding plan", "the security review", "the renewal",
    "the Salesforce integration", "the pilot results", "SSO setup", "data migration",
    "the quarterly business review", "contract terms", "the rollout timeline",
    "API limits", "the procurement process", "training for the support team",
    "the reporting dashboard", "volume discounts",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

# Every template: (title or None, HTML body). Slots: first (contact first name),
# company, topic, product, owner (owner first name), day.
NOTE_TEMPLATES = (
    (None, "<p>Spoke with {first} about <b>{topic}</b>. They want a written summary "
           "before {day}.</p>"),
    (None, "<p>{company} is evaluating two other vendors. Key concerns:</p><ul>"
           "<li>{topic}</li><li>time to value</li></ul>"),
    (None, "<p>{first} confirmed budget for <b>{product}</b>; procurement needs "
           "the security questionnaire.</p>"),
    (None, "<p>Internal: {owner} to prepare a demo of {product} focused on "
           "{topic}.</p>"),
    (None, "<p>Renewal risk is low. {first} praised the support team and asked "
           "about {topic}.</p>"),
    (None, "<p>Met the wider team at {company}. Next step: workshop on "
           "<b>{topic}</b> on {day}.</p>"),
)
EMAIL_TEMPLATES = (
    ("Following up on {topic}",
     "<p>Hi {first},</p><p>Thanks for your time today. As promised, here is a short "
     "summary of {topic} and how <b>{product}</b> fits.</p><p>Best,<br>{owner}</p>"),
    ("{company} x {product}: next steps",
     "<p>Hi {first},</p><p>Could we book 30 minutes on {day} to go through:</p>"
     "<ul><li>{topic}</li><li>timeline</li><li>pricing options</li></ul>"
     "<p>{owner}</p>"),
    ("Re: {topic}",
     "<p>Hello {owner},</p><p>We discussed this internally and would like to see "
     "a proposal for {product}.</p><p>Regards,<br>{first}</p>"),
    ("Your {product} trial",
     "<p>Hi {first},</p><p>Your trial is live. The <a href=\"https://example.com/"
     "docs\">getting started guide</a> covers {topic}.</p><p>{owner}</p>"),
    ("Proposal for {company}",
     "<p>Hi {first},</p><p>Attached is our proposal. It includes <b>{topic}</b> "
     "and a volume discount valid until {day}.</p><p>Kind regards,<br>{owner}</p>"),
    ("Question about {topic}",
     "<p>Hi {owner},</p><p>Quick question from our side about {topic} before we "
     "sign off.</p><p>Thanks,<br>{first}</p>"),
)
CALL_TEMPLATES = (
    ("Call with {first}", "<p>Discussed {topic}. {first} will loop in finance.</p>"),
    ("Discovery call: {company}",
     "<p>Pain points: manual reporting, {topic}. Good fit for {product}.</p>"),
    ("Check-in with {first}",
     "<p>No blockers. Asked for an update on {topic} by {day}.</p>"),
    ("Follow-up call", "<p>Left a voicemail about {topic}; will try again on "
                       "{day}.</p>"),
    ("Pricing call: {company}",
     "<p>Walked through pricing for <b>{product}</b>; they asked about "
     "{topic}.</p>"),
)
MEETING_TEMPLATES = (
    ("Demo of {product} for {company}",
     "<p>Agenda:</p><ul><li>Introductions</li><li>{product} demo</li>"
     "<li>{topic}</li></ul>"),
    ("Quarterly business review: {company}",
     "<p>Review of usage, support tickets and <b>{topic}</b>.</p>"),
    ("Workshop: {topic}", "<p>Hands-on session with {first}'s team on "
                          "{topic}.</p>"),
    ("Kick-off with {company}",
     "<p>Kick-off for the {product} rollout. Owner: {owner}. Topic: {topic}.</p>"),
    ("Intro call with {first}",
     "<p>First conversation; qualify budget, authority and {topic}.</p>"),
)
TASK_TEMPLATES = (
    ("Send proposal to {first}", "<p>Include {product} pricing and {topic}.</p>"),
    ("Follow up with {company}", "<p>Ask about {topic}.</p>"),
    ("Call {first} about {topic}", "<p>Prepare notes before {day}.</p>"),
    ("Prepare QBR deck for {company}", "<p>Cover usage, tickets and {topic}.</p>"),
    ("Book demo of {product}", "<p>{first} asked for a demo on {day}.</p>"),
)
TEMPLATES = {"note": NOTE_TEMPLATES, "email": EMAIL_TEMPLATES, "call": CALL_TEMPLATES,
             "meeting": MEETING_TEMPLATES, "task": TASK_TEMPLATES}
TEMPLATE_SLOTS = ("first", "company", "topic", "product", "owner", "day")

# HubSpot's default call outcomes (hs_call_disposition GUIDs) and their labels.
CALL_DISPOSITIONS = {
    "f240bbac-87c9-4f6e-bf70-924b57d47db7": "Connected",
    "73a0d17f-1163-4015-bdd5-ec830791da20": "No answer",
    "b2cc6f02-d4e5-4a67-bd6f-63c79a8dc0e8": "Left live message",
    "a4c4c377-d246-4b32-a13b-75a56a4cd0ff": "Left voicemail",
    "9d9162e7-6cf3-4944-bf63-4dff82258764": "Busy",
    "17b47fee-58de-441e-a44c-c6300d46f273": "Wrong number",
}
MEETING_LOCATIONS = ("Zoom", "Google Meet", "Microsoft Teams", "Customer office",
                     "Our office", "Phone")
COMMENTS = ("Nice work, keep me posted.", "Can you share the deck with me?",
            "Flagging this for the account review.", "Legal has seen this already.",
            "Let's discuss in Monday's pipeline meeting.", "Great progress!",
            "Please add the decision maker to the thread.")

PRODUCTS = (  # name, sku, unit price, recurring billing period
    ("Platform Starter", "PLT-STR", 4_800, "P12M"),
    ("Platform Professional", "PLT-PRO", 14_400, "P12M"),
    ("Platform Enterprise", "PLT-ENT", 42_000, "P12M"),
    ("Analytics add-on", "ADD-ANL", 6_000, "P12M"),
    ("Salesforce connector", "ADD-SFC", 3_600, "P12M"),
    ("Extra seats (10)", "SEAT-10", 2_400, "P12M"),
    ("Premium support", "SUP-PRM", 9_000, "P12M"),
    ("Onboarding package", "SRV-ONB", 7_500, None),
    ("Data migration service", "SRV-MIG", 12_000, None),
    ("Training day", "SRV-TRN", 2_000, None),
    ("Custom integration", "SRV-INT", 18_000, None),
    ("Health check", "SRV-HCK", 3_000, None),
)

CHANNELS = ("ORGANIC_SEARCH", "PAID_SEARCH", "EMAIL_MARKETING", "SOCIAL_MEDIA",
            "REFERRALS", "DIRECT_TRAFFIC", "PAID_SOCIAL", "OFFLINE")
CHANNEL_WEIGHTS = (26, 14, 16, 9, 8, 15, 7, 5)
CAMPAIGNS = ("Spring webinar series", "Q3 product launch", "Analyst report 2026",
             "Customer stories", "Retargeting EMEA", "Trade show follow-up",
             "Pricing page test", "Newsletter")
PAGES = ("https://example.com/", "https://example.com/pricing",
         "https://example.com/product", "https://example.com/customers",
         "https://example.com/blog/crm-data-quality",
         "https://example.com/blog/attribution-101", "https://example.com/demo",
         "https://example.com/integrations/salesforce")
FORMS = ("Request a demo", "Download the analyst report", "Contact sales",
         "Webinar registration", "Newsletter signup", "Free trial")
MARKETING_EMAILS = ("Newsletter: product updates", "Webinar invitation",
                    "Case study: logistics", "Trial nurture 2", "Renewal reminder")

LISTS = (  # name, list type, share of contacts
    ("Newsletter subscribers", "DYNAMIC", 0.45), ("Webinar attendees", "STATIC", 0.15),
    ("MQLs this quarter", "DYNAMIC", 0.12), ("Customers", "DYNAMIC", 0.18),
    ("Event: trade show 2026", "STATIC", 0.08), ("Do not contact", "STATIC", 0.02),
    ("Decision makers", "DYNAMIC", 0.10), ("Trial users", "DYNAMIC", 0.14),
)
WORKFLOWS = (  # name, enabled, share of contacts
    ("Lead nurturing", True, 0.30), ("MQL hand-off to sales", True, 0.12),
    ("Trial onboarding", True, 0.14), ("Customer welcome", True, 0.15),
    ("Re-engagement", False, 0.08), ("Renewal reminders", True, 0.10),
)
PLAYBOOKS = (  # name, object type, steps as (kind, text, options)
    ("Discovery call", "contacts", (
        ("question", "What problem are you trying to solve?", None),
        ("question", "How do you handle it today?", None),
        ("question", "Who else is involved in the decision?",
         ("Just me", "My manager", "A buying committee")),
        ("question", "What budget range are you working with?",
         ("Under 10k", "10k-50k", "Over 50k", "Unknown")),
        ("step", "Agree on a next meeting before hanging up.", None),
    )),
    ("Qualify a deal (BANT)", "deals", (
        ("question", "Is budget approved?", ("Yes", "No", "In progress")),
        ("question", "Who signs the contract?", None),
        ("question", "What is the deadline?", None),
        ("step", "Record the decision maker as an association label.", None),
    )),
    ("Account review", "companies", (
        ("step", "Check open tickets and their priority.", None),
        ("step", "Review product usage against the contract.", None),
        ("question", "Is the account at risk?", ("Low", "Medium", "High")),
    )),
    ("Support escalation", "tickets", (
        ("question", "Is the customer blocked?", ("Yes", "No")),
        ("step", "Reproduce the issue and attach logs.", None),
        ("step", "Agree on an update time with the customer.", None),
    )),
    ("Objection handling", None, (
        ("question", "What is the main objection?",
         ("Price", "Timing", "Competitor", "Features")),
        ("step", "Share a matching customer story.", None),
    )),
)
TICKET_SUBJECTS = (
    "Cannot log in after SSO change", "Export to CSV times out",
    "Invoice shows the wrong VAT number", "Salesforce sync stopped",
    "Request: add a user seat", "Dashboard numbers look wrong",
    "API rate limit errors", "How do I merge duplicate contacts?",
    "Email notifications not arriving", "Feature request: custom report",
)
TICKET_REPLIES = (
    "Thanks for reaching out, we are looking into it.",
    "Could you send a screenshot of the error?",
    "It happens every morning around 9.", "Here is the screenshot you asked for.",
    "We deployed a fix; can you try again?", "Works now, thank you!",
    "We have escalated this to engineering.",
)
FILE_KINDS = (  # name pattern, content type, typical size in bytes
    ("Proposal - {company}.pdf", "application/pdf", 420_000),
    ("{company} pricing.xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 58_000),
    ("Meeting notes {day}.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     31_000),
    ("Security questionnaire.pdf", "application/pdf", 910_000),
    ("Architecture diagram.png", "image/png", 240_000),
    ("Signed order form - {company}.pdf", "application/pdf", 180_000),
)
