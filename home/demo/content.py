"""The words of the demo site. Editors change them in the admin afterwards."""

import datetime

AVIGUK_URL = "https://www.videointeractionguidance.net/"
PHONE = "01506 282948"
# A plainly made-up council: ".example" addresses can never be anyone's, and there is no AT
# postcode area.
COUNCIL_NAME = "Anytown Council"
AREA_SERVED = "Anytown"
EMAIL = "vig.support@anytown.example"
ADDRESS = (
    "Children & Young People Team\nAnytown Council\nCivic Centre\nHigh Street\nAnytown\nAT1 1AA"
)


def rich(html):
    return {"type": "rich_text", "value": html}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


HOME_TITLE = "Video Interaction Guidance (VIG)"
HOME_SEO_TITLE = "Video Interaction Guidance (VIG) support for parents and carers"
HOME_INTRODUCTION = "Free 1-to-1 help for you and your child to get on well together."
HOME_SEARCH_DESCRIPTION = (
    "Video Interaction Guidance (VIG) is free 1-to-1 support from the Children & Young People "
    "Team for parents and carers of children from birth to 18."
)


def home_body(cycle_page_id):
    return [
        heading("What VIG is"),
        rich(
            "<p>Video Interaction Guidance (VIG) helps families get on well and communicate "
            "with each other. Research shows that it works.</p>"
            "<p>VIG helps you build a positive relationship with your child. It looks at how "
            "you are together in everyday life, and builds on your family's strengths: the "
            "things that already go well.</p>"
        ),
        heading("Words we use", "h3"),
        rich(
            "<ul>"
            "<li><b>Guider</b>: the person who works with you.</li>"
            "<li><b>Goal</b>: something you would like to change.</li>"
            "<li><b>Cycle</b>: one filming visit, then one meeting to watch the film.</li>"
            "<li><b>Review</b>: the meeting where you and your Guider watch the film.</li>"
            "</ul>"
        ),
        heading("How VIG can help", "h3"),
        rich(
            "<p>VIG can help you to:</p><ul>"
            "<li>stop and think about how you and your child get on, and reflect on it</li>"
            "<li>tune in to your child and respond to what they need</li>"
            "<li>find your own answers to the problems your family has</li>"
            "<li>see things in a new way, with more hope</li>"
            "<li>feel less stress and more confident as a parent or carer</li>"
            "<li>work together with the people who support your family</li></ul>"
        ),
        heading("How it works"),
        rich(
            "<p>First, you choose your own goals.</p>"
            "<p>Then your Guider films you and your child doing everyday things, like playing, "
            "eating or reading. Your Guider edits the film down to a few short clips of "
            "moments that went well.</p>"
            "<p>Next, you and your Guider watch the clips together. This is the review. You "
            "look at the times when you noticed what your child did and answered it, with "
            "words or with your face, voice and body. You talk about what helps you reach "
            "your goals. You celebrate what is going well and choose new goals.</p>"
            "<p>As time goes on, you talk less about what you both do. You talk more about "
            "what you both feel, think, wish and intend.</p>"
        ),
        heading("Who it is for"),
        rich(
            "<p>Any parent or carer of a child from birth to 18 can ask. It is for you if you "
            "would like to get on better with your child.</p>"
        ),
        heading("Where and how often"),
        rich(
            "<p>Most sessions happen in your home or at your child's school.</p>"
            "<p>If you agree that VIG is right for your family, we offer you three cycles. A "
            "cycle is one filming visit, then one review where you watch the film "
            "together.</p>"
            "<p>You can have more cycles if you and your Guider agree.</p>"
            f'<p><a linktype="page" id="{cycle_page_id}">Find out what happens in a VIG '
            "cycle</a>.</p>"
        ),
        heading("What it costs"),
        rich("<p>Nothing. VIG is free.</p>"),
        # The home page gives the current wait beside its start button; the steps are on the
        # referral's start page and the cycle page (from the site settings).
        heading("How to get VIG support"),
        rich(
            f"<p>Fill in our online form, or phone the team on {PHONE}. If you are not sure "
            "VIG is right for you, you can ask us a question first.</p>"
        ),
        {
            "type": "contact_details",
            "value": {"heading": "Contact the team", "text": ""},
        },
        heading("Find out more about VIG"),
        rich(
            "<p>VIG is used all over the UK. To learn more, visit the "
            f'<a href="{AVIGUK_URL}">Association for Video Interaction Guidance UK '
            "(AVIGuk)</a>.</p>"
        ),
    ]


CYCLE_SLUG = "what-happens-in-a-vig-cycle"
CYCLE_TITLE = "What happens in a VIG cycle"
CYCLE_INTRODUCTION = (
    "A cycle is one filming visit, then one meeting with your Guider to watch the film. "
    "Most families have three cycles."
)
CYCLE_BODY = [
    rich("<p>Your Guider is the person who works with you.</p>"),
    {
        "type": "steps",
        "value": {
            "heading": "Step by step",
            "steps": [
                {
                    "title": "You choose your goals",
                    "description": "You and your Guider talk about what you would like to "
                    "change. The goals are yours.",
                },
                {
                    "title": "Filming",
                    "description": "Your Guider films a few minutes of you and your child "
                    "doing something normal together, at home or in school.",
                },
                {
                    "title": "Editing",
                    "description": "Your Guider cuts the film down to a few short clips of "
                    "moments that went well.",
                },
                {
                    "title": "Review",
                    "description": "You watch the clips together. You talk about what you "
                    "did that helped, what your child did, and how you both felt.",
                },
                {
                    "title": "New goals",
                    "description": "You celebrate what is going well and choose what to "
                    "work on next time.",
                },
            ],
        },
    },
    heading("How many cycles"),
    rich(
        "<p>If you agree that VIG is right for your family, we offer you three cycles. You can "
        "have more if you and your Guider agree.</p>"
    ),
    {"type": "what_happens_next", "value": {"heading": "What happens after you ask"}},
    {
        "type": "questions",
        "value": {
            "heading": "Common questions",
            "questions": [
                {
                    "question": "Does VIG cost anything?",
                    "answer": "<p>No. VIG is free.</p>",
                },
                {
                    "question": "Where will the sessions be?",
                    "answer": "<p>Most are in your home or at your child's school.</p>",
                },
                {
                    "question": "How old does my child need to be?",
                    "answer": "<p>VIG is for parents and carers of children from birth to 18.</p>",
                },
            ],
        },
    },
]


def cycle_call_to_action(ask_page_id):
    """The end of the cycle page: the way to ask for support."""
    return {
        "heading": "Ask for VIG support",
        "text": f"It is free. Fill in our online form, or phone us on {PHONE}.",
        "link_text": "Ask for support",
        "page": ask_page_id,
        "url": "",
        "start": True,
    }


PRIVACY_TITLE = "Privacy notice"
PRIVACY_INTRODUCTION = "What we do with the details you give us, and what your rights are."
PRIVACY_BODY = [
    heading("Who we are"),
    rich(
        "<p>We are the Children &amp; Young People Team. We are part of the council. The "
        "council is in charge of the details you give us. The law calls this the data "
        "controller.</p>"
    ),
    heading("What we ask for and why"),
    rich(
        "<p>We only ask for what we need to decide how we can help, and to contact you "
        "safely. We ask for:</p><ul>"
        "<li>your name, and how you are related to the child</li>"
        "<li>how and when it is safe to contact you</li>"
        "<li>your postcode, so we know which team is near you</li>"
        "<li>your child's first name and date of birth, because VIG is for children from birth "
        "to 18</li>"
        "<li>what you would like to change, and where you would like to meet</li>"
        "<li>any other services, languages or needs you tell us about</li></ul>"
        "<p>A worker such as a teacher or health visitor can ask us to help your family. If "
        "they do, we also keep their name, job, where they work and how to contact them at "
        "work.</p>"
    ),
    heading("Who can see your details"),
    rich(
        "<p>Only the staff in our team who deal with requests for help, and your Guider. We "
        "keep a record each time one of us looks at your details.</p>"
        "<p>We do not share your details with anyone else unless the law says we must. For "
        "example, we must share them to keep a child safe.</p>"
    ),
    heading("Who sends our text messages"),
    rich(
        "<p>If you tell us a text message is safe, we send our texts through GOV.UK Notify. "
        "Notify is run by the Government Digital Service for councils and other public "
        "services. It uses your mobile number and the words of each text only to send it for "
        "us. The law calls this a data processor.</p>"
        "<p>Notify keeps a copy of each text and the number it went to for 7 days, then "
        "deletes them. We delete the number from our own list of messages as soon as the text "
        "is sent. Our texts never name your child. If you asked us not to, they do not say who "
        "we are.</p>"
    ),
    heading("How long we keep them"),
    rich(
        "<p>We keep your details while we work with your family. Two years after we finish, "
        "we delete your name and the other details that say who you are. We keep only "
        "numbers with no names, to plan our service.</p>"
    ),
    heading("Your rights"),
    rich(
        "<p>You can ask to see the details we keep about you. You can ask us to put them "
        "right if they are wrong, or to delete them.</p>"
        "<p>If you are not happy with how we use your details, you can complain to the "
        'Information Commissioner\'s Office (<a href="https://ico.org.uk/">ico.org.uk</a>).</p>'
    ),
    {"type": "contact_details", "value": {"heading": "Questions about your details", "text": ""}},
]

ACCESSIBILITY_TITLE = "Accessibility statement"
# Filled in from what this project's own browser tests check (tests/browser), and no more.
STATEMENT_DATE = datetime.date(2026, 11, 25)


def accessibility_statement():
    return {
        "title": ACCESSIBILITY_TITLE,
        "introduction": "We want as many people as possible to be able to use this website.",
        "what_you_can_do": (
            "<p>You should be able to:</p><ul>"
            "<li>zoom in up to 400% and still read every word, with nothing on top of "
            "anything else</li>"
            "<li>use it on a small phone screen without scrolling sideways</li>"
            "<li>move around it and fill in our forms using just a keyboard</li>"
            "<li>use it with JavaScript turned off</li>"
            "<li>leave it quickly with one button, or by pressing Shift 3 times</li></ul>"
        ),
        "compliance": "partial",
        "known_issues": [
            {
                "type": "issue",
                "value": {
                    "problem": "We have not yet tested this website with screen readers, such "
                    "as JAWS, NVDA or VoiceOver, or with speech recognition. There may be "
                    "problems for people who use them that we have not found.",
                    "criterion": "",
                    "plan": "We will test with screen readers and then update this page.",
                },
            },
            {
                "type": "issue",
                "value": {
                    "problem": "Our checks are done by computer and by keyboard. A computer "
                    "check finds only some kinds of problem. No expert has yet checked the "
                    "site against every rule of the standard by hand.",
                    "criterion": "",
                    "plan": "We will ask an expert to check the whole site, and then update "
                    "this page.",
                },
            },
        ],
        "reply_within_days": 5,
        "enforcement": "ehrc",
        "prepared_on": STATEMENT_DATE,
        "tested_on": STATEMENT_DATE,
        "tested_by": "the team that builds this website, using tests that run by computer",
        "test_method": (
            "<p>Each time we change the website, tests open it in the Chrome browser and "
            "check that:</p><ul>"
            "<li>no page breaks any rule that the axe tool can check (WCAG 2.2 levels A and "
            "AA), on every page and on the forms with and without mistakes in them</li>"
            "<li>the first key press shows the link to skip to the main content</li>"
            "<li>you can see which link or button is picked as you move with the keyboard</li>"
            "<li>you can fill in and send each form with the keyboard alone, and without "
            "JavaScript</li>"
            "<li>no page scrolls sideways on a screen 320 pixels wide</li>"
            "<li>no words are on top of each other when you zoom in to 200% or 400%</li>"
            "<li>the button to leave the site works on every page</li></ul>"
            "<p>These tests do not check how the site works with a screen reader or speech "
            "recognition, or whether pictures, videos or documents can be used by "
            "everyone.</p>"
        ),
    }


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
