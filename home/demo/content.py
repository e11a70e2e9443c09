"""The words of the demo site. Editors change them in the admin afterwards."""

AVIGUK_URL = "https://www.videointeractionguidance.net/"
PHONE = "01506 282948"


def rich(html):
    return {"type": "rich_text", "value": html}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


HOME_TITLE = "Video Interaction Guidance (VIG) for parents and carers"
HOME_SEO_TITLE = "Video Interaction Guidance (VIG) support for parents and carers"
HOME_INTRODUCTION = (
    "Free 1-to-1 support to help you and your child get on well together and understand each "
    "other better."
)
HOME_SEARCH_DESCRIPTION = (
    "Video Interaction Guidance (VIG) is free 1-to-1 support from the Children & Young People "
    "Team for parents and carers of children from birth to 18."
)


def home_body(cycle_page_id):
    return [
        heading("What VIG is"),
        rich(
            "<p>Video Interaction Guidance (VIG) is an evidence-based intervention. That means "
            "research has shown that it works. It helps families build positive relationships "
            "and communicate well with each other.</p>"
            "<p>VIG works on communication where it naturally happens: in your everyday life "
            "with your child. It builds on your family's strengths, on what is already going "
            "well.</p>"
        ),
        heading("How VIG can help", "h3"),
        rich(
            "<p>VIG can help you to:</p><ul>"
            "<li>notice and think about how you and your child communicate (self-awareness and "
            "reflection)</li>"
            "<li>tune in to your child and respond to them in a more attuned way</li>"
            "<li>find your own answers to the problems your family faces</li>"
            "<li>see things from a new, more hopeful point of view</li>"
            "<li>feel less stressed and more confident as a parent or carer</li>"
            "<li>work together with the people who support your family</li></ul>"
        ),
        heading("How it works"),
        rich(
            "<p>First, you agree your own goals: what you would like to change.</p>"
            "<p>Then a VIG practitioner, called a VIG Guider, films short everyday moments of "
            "you and your child together, like playing, eating or reading. The Guider edits the "
            "footage into a short film of the positive moments.</p>"
            "<p>In a review session, you and the VIG Guider watch the successful moments "
            "together. You look especially at the times when you responded in an attuned way to "
            "something your child started, with your words and without them (your face, voice "
            "and body). You think about what is helping you move towards your goals, celebrate "
            "what is going well and set new goals.</p>"
            "<p>As the sessions go on, you talk less about what you and your child do, and more "
            "about what you both feel, think, wish and intend.</p>"
        ),
        heading("Who it is for"),
        rich(
            "<p>Any parent or carer of a child or young person from birth to 18 who would like "
            "to improve how they get on and communicate with that child.</p>"
        ),
        heading("Where it happens"),
        rich("<p>Sessions usually happen in your family home or in your child's school.</p>"),
        heading("How many sessions there are"),
        rich(
            "<p>Once you agree that VIG is right for your family, we offer you three cycles. A "
            "cycle is a filming session followed by a review of the edited film with your VIG "
            "Guider.</p>"
            "<p>More cycles can be arranged if you and your Guider agree.</p>"
            f'<p><a linktype="page" id="{cycle_page_id}">Find out what happens in a VIG '
            "cycle</a>.</p>"
        ),
        heading("What it costs"),
        rich("<p>There is no charge. VIG support is free.</p>"),
        heading("How to get VIG support"),
        rich(
            f"<p>Phone the Children &amp; Young People Team on {PHONE}, or use our online form "
            "to ask for support. You can also ask us a question first if you are not sure VIG "
            "is right for you.</p>"
        ),
        {
            "type": "contact_details",
            "value": {"heading": "Contact the team", "text": ""},
        },
        heading("Find out more about VIG"),
        rich(
            "<p>VIG is used across the UK. The national body for VIG is the "
            f'<a href="{AVIGUK_URL}">Association for Video Interaction Guidance UK '
            "(AVIGuk)</a>.</p>"
        ),
    ]


CYCLE_TITLE = "What happens in a VIG cycle"
CYCLE_INTRODUCTION = (
    "A cycle is one filming session followed by one review session with your VIG Guider. Most "
    "families have three cycles."
)
CYCLE_BODY = [
    {
        "type": "steps",
        "value": {
            "heading": "Step by step",
            "steps": [
                {
                    "title": "You agree your goals",
                    "description": "You and your VIG Guider talk about what you would "
                    "like to change. The goals are yours.",
                },
                {
                    "title": "Filming",
                    "description": "Your Guider films a few minutes of you and your child "
                    "doing something ordinary together, at home or in school.",
                },
                {
                    "title": "Editing",
                    "description": "Your Guider edits the film down to a few short clips "
                    "of moments that went well.",
                },
                {
                    "title": "Review",
                    "description": "You watch the clips together. You talk about what you "
                    "did that helped, how your child responded, and how you both felt.",
                },
                {
                    "title": "New goals",
                    "description": "You celebrate what is going well and choose what to "
                    "work on in the next cycle.",
                },
            ],
        },
    },
    heading("How many cycles"),
    rich(
        "<p>We offer three cycles once you agree that VIG is right for your family. More cycles "
        "can be arranged if you and your VIG Guider agree.</p>"
    ),
    {
        "type": "questions",
        "value": {
            "heading": "Common questions",
            "questions": [
                {
                    "question": "Does VIG cost anything?",
                    "answer": "<p>No. There is no charge for VIG.</p>",
                },
                {
                    "question": "Where will the sessions be?",
                    "answer": "<p>Usually in your family home or in your child's school.</p>",
                },
                {
                    "question": "How old does my child need to be?",
                    "answer": "<p>VIG is for parents and carers of children and young "
                    "people from birth to 18.</p>",
                },
            ],
        },
    },
]

PRIVACY_TITLE = "Privacy notice"
PRIVACY_INTRODUCTION = (
    "How the Children & Young People Team uses the information you give us when you ask for "
    "VIG support or ask us a question."
)
PRIVACY_BODY = [
    heading("Who we are"),
    rich(
        "<p>The Children &amp; Young People Team is part of the council. The council is the "
        "data controller for the information you give us.</p>"
    ),
    heading("What we collect and why"),
    rich(
        "<p>We only ask for what we need to decide how we can help and to contact you "
        "safely:</p><ul>"
        "<li>your name, how you are related to the child, and how and when we can contact "
        "you</li>"
        "<li>your postcode, so we know which area team can help</li>"
        "<li>your child's first name and date of birth, because VIG is for children from birth "
        "to 18</li>"
        "<li>what you would like to change, where sessions would suit you, and any other "
        "services, language or access needs you tell us about</li></ul>"
        "<p>If a professional refers your family, we also keep their name, role, organisation "
        "and work contact details.</p>"
    ),
    heading("Who can see it"),
    rich(
        "<p>Only the team staff who deal with referrals, and the VIG Guider who works with "
        "your family. We record every time a member of staff looks at a referral. We do not "
        "share your information with anyone else unless the law requires it, for example to "
        "keep a child safe.</p>"
    ),
    heading("How long we keep it"),
    rich(
        "<p>We keep your information while we are working with your family. Two years after "
        "your case is closed we remove your personal details and keep only anonymous numbers "
        "for planning our service.</p>"
    ),
    heading("Your rights"),
    rich(
        "<p>You can ask to see the information we hold about you, ask us to correct it, or ask "
        "us to delete it. You can also complain to the Information Commissioner's Office "
        '(<a href="https://ico.org.uk/">ico.org.uk</a>).</p>'
    ),
    {"type": "contact_details", "value": {"heading": "Questions about your data", "text": ""}},
]

ACCESSIBILITY_TITLE = "Accessibility statement"
ACCESSIBILITY_INTRODUCTION = "We want as many people as possible to be able to use this website."
ACCESSIBILITY_BODY = [
    rich(
        "<p>You should be able to:</p><ul>"
        "<li>zoom in up to 400% without the text spilling off the screen</li>"
        "<li>get around the website and fill in our forms using just a keyboard</li>"
        "<li>use the website with a screen reader</li>"
        "<li>use the website without JavaScript</li>"
        "<li>use the website on a small phone screen</li></ul>"
    ),
    heading("How accessible this website is"),
    rich(
        "<p>This website aims to meet the Web Content Accessibility Guidelines (WCAG) version "
        "2.2 AA standard. We test every page with automated checks and by hand with a keyboard "
        "each time we change the website.</p>"
    ),
    heading("If you have a problem"),
    rich(
        "<p>If you cannot use part of this website, or need information in a different format "
        "such as large print, easy read or another language, contact us and we will help.</p>"
    ),
    {"type": "contact_details", "value": {"heading": "Contact us", "text": ""}},
    heading("Enforcement procedure"),
    rich(
        "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
        "accessibility regulations. If you are not happy with how we respond to your "
        "complaint, contact the "
        '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support '
        "Service (EASS)</a>.</p>"
    ),
]

COVER_TRACKS_TITLE = "How to cover your tracks online"
COVER_TRACKS_INTRODUCTION = (
    "If someone you live with checks what you do online, these steps can help keep your visit "
    "to this site private."
)
COVER_TRACKS_BODY = [
    heading("Leave this site quickly"),
    rich(
        "<p>Every page has a red button that says Leave this site quickly. It takes you to a "
        "weather website. On a computer, you can also press the Shift key 3 times.</p>"
        "<p>If you were filling in one of our forms, what you typed is deleted when you "
        "leave this way.</p>"
    ),
    heading("What your browser keeps"),
    rich(
        "<p>Your browser is the app you use to look at websites, such as Chrome, Safari, "
        "Edge or Firefox. It keeps a list of the pages you have been to. This is called your "
        "history. It may also keep copies of pages and small files called cookies.</p>"
        "<p>Someone who uses your phone or computer could look at these.</p>"
    ),
    heading("Use private browsing"),
    rich(
        "<p>Private browsing means your browser does not keep a history of what you look "
        "at. Close the private window when you have finished.</p><ul>"
        "<li>Chrome: open the menu and choose New Incognito window.</li>"
        "<li>Safari on an iPhone: tap the tabs button, then Private.</li>"
        "<li>Edge: open the menu and choose New InPrivate window.</li>"
        "<li>Firefox: open the menu and choose New private window.</li></ul>"
    ),
    heading("Clear your history"),
    rich(
        "<p>If you did not use private browsing, you can delete this site from your "
        "history.</p><ul>"
        "<li>Open your browser's history. In most browsers you can press Ctrl and H "
        "together, or find History in the menu.</li>"
        "<li>Delete only the pages from this site. Deleting all your history may look "
        "strange to someone who checks.</li></ul>"
    ),
    heading("Other things to think about"),
    rich(
        "<p>Someone may still be able to see what you have done online. For example, they "
        "may check your emails, texts or phone calls, or use an app to track your phone. If "
        "you are worried, use a phone or computer at a friend's home, at work or in a "
        "library.</p>"
        "<p>If you are in danger now, call 999.</p>"
    ),
]
