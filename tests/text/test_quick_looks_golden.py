"""Golden table of compressions and rewrites: source sentence -> bullet.

Each row is one sentence of news; ``bullet`` is what the parse-based
compression and headline rewriting must be able to give (it must be among
the sentence's candidates), ``never`` what none of its candidates may be.
The rows marked "issue" are modelled on the failures found on real articles
(cut mid-phrase, a meaning changed by a cut, a fragment shown); their
sentences are our own. Known misses are xfail rows with the reason.
"""

from __future__ import annotations

import pytest

from quicklooks.text.document import analyse
from quicklooks.text.headlines import drafts
from quicklooks.text.clauses import parse_sentence
from quicklooks.text.pruning import MAX_WORDS
from quicklooks.text.quick_looks import write_quick_looks


def candidates(sentence: str, limit: int | None = None) -> list[str]:
    document = analyse(sentence)
    return [d.text for d in drafts(document, parse_sentence(document, 0), limit or MAX_WORDS)]


# The "never" rows are read at a limit wider than any a bullet uses, so that
# no word limit hides a fragment the checks would let through (the sample's
# "…Emmanuel Macron, who announced that 26 nations." hid below 20 words).
WIDE = 40


PARSE = "the shipped parser misreads this sentence (LAS about 79)"

GOLDEN = [
    # Deletions of whole subtrees.
    pytest.param("Speaking at the forum on Friday, Putin warned that foreign troops would be legitimate targets.",
                 "Putin warns that foreign troops would be legitimate targets.", id="fronted-participial-clause"),
    pytest.param("However, the council approved the new stadium plan on Tuesday night.",
                 "The council approves the new stadium plan.", id="leading-connector"),
    pytest.param("Ryazan, a city 200 km southeast of Moscow, was hit by drones overnight.",
                 "Ryazan is hit by drones overnight.", id="appositive",
                 marks=pytest.mark.xfail(reason=PARSE, strict=False)),
    pytest.param("The mayor, who took office in January, closed the bridge to all traffic.",
                 "The mayor closes the bridge to all traffic.", id="non-restrictive-relative"),
    pytest.param("LONDON — The Bank of England raised its main interest rate to 5.25% on Thursday.",
                 "The Bank of England raises its main interest rate to 5.25%.", id="dateline"),
    pytest.param("LONDON (Reuters) - The Bank of England raised its main interest rate to 5.25% on Thursday.",
                 "The Bank of England raises its main interest rate to 5.25%.", id="agency-dateline-with-a-hyphen"),
    pytest.param("Washington (CNN) -- The Senate passed a spending bill late on Friday night after weeks of talks.",
                 "The Senate passes a spending bill after weeks of talks.", id="agency-dateline-in-mixed-case"),
    pytest.param("Moscow has consistently rejected the notion of any international peacekeeping force, "
                 "calling it a red line that could draw NATO deeper into the war.",
                 "Moscow consistently rejects the notion of any international peacekeeping force.",
                 id="trailing-participial-clause"),
    # Headline rewrites.
    pytest.param("Russian forces launched 157 drones and 7 missiles overnight.",
                 "Russian forces launch 157 drones and 7 missiles overnight.", id="present-for-a-reported-past"),
    pytest.param("Ukraine has stepped up long-range drone attacks on Russian refineries.",
                 "Ukraine steps up long-range drone attacks on Russian refineries.", id="present-perfect-to-present"),
    pytest.param("The singer died in 2019 after a long illness.",
                 "The singer died in 2019 after a long illness.", id="past-kept-where-the-time-matters"),
    pytest.param("Putin did not reject the idea of a post-war peace agreement.",
                 "Putin does not reject the idea of a post-war peace agreement.", id="did-not-to-does-not"),
    pytest.param("French President Emmanuel Macron told reporters that 26 nations had pledged to support Ukraine.",
                 "Macron says 26 nations had pledged to support Ukraine.", id="attribution-to-x-says"),
    pytest.param("The council did not approve the stadium plan, officials said.",
                 "Officials say the council did not approve the stadium plan.", id="attribution-tail-to-x-says"),
    pytest.param("BOULDER, Colo. — A wildfire driven by strong winds forced the evacuation of about 3,000 homes on "
                 "Sunday, officials said.",
                 "Officials say a wildfire forced the evacuation of about 3,000 homes.",
                 id="attribution-tail-after-a-participle-read-as-a-relative"),
    pytest.param("The school board voted 5 to 2 on Thursday to approve a budget that eliminates 120 positions.",
                 "The school board votes 5 to 2 to approve a budget that eliminates 120 positions.",
                 id="day-hung-on-a-vote-count-goes-with-the-present"),
    pytest.param("Superintendent Roberta Lane said the cuts were painful but unavoidable.",
                 "Lane says the cuts were painful but unavoidable.", id="surname-where-the-parse-splits-the-name"),
    pytest.param("Superintendent Gloria Estes said the district had surveyed 14,000 parents.",
                 "Superintendent Gloria Estes says the district had surveyed 14,000 parents.",
                 id="a-name-tagged-as-a-plural-noun-says"),
    pytest.param("Senate Democrats said the bill would fail in the House.",
                 "Senate Democrats say the bill would fail in the House.", id="a-named-group-says-in-the-plural",
                 marks=pytest.mark.xfail(reason="a plural name with a name before it reads as one company "
                                                "('Norvell Foods says'), so the group gets 'says'", strict=True)),
    # The present drops a day of the news's own days (issue 16): "warns", never "warns on Friday".
    pytest.param("Putin warned on Friday that foreign troops in Ukraine would be legitimate targets.",
                 "Putin warns that foreign troops in Ukraine would be legitimate targets.", id="present-drops-the-weekday"),
    pytest.param("The minister said on Friday the plan would go ahead in spring.",
                 "The minister says the plan would go ahead in spring.", id="present-drops-a-day-hung-on-the-claim"),
    pytest.param("The company said last week it would cut 500 jobs at its plant in Ohio.",
                 "The company says it would cut 500 jobs at its plant in Ohio.", id="present-drops-last-week"),
    pytest.param("Officials closed the road yesterday after a landslide.",
                 "Officials close the road after a landslide.", id="present-drops-yesterday"),
    pytest.param("The firm reported a loss last year.", "The firm reported a loss last year.",
                 id="past-and-its-time-kept-for-last-year"),
    # A contrasted coordination keeps its conjuncts' phrases (issue 16).
    pytest.param("The count showed 9,114 votes against and 8,902 in favour.",
                 "The count shows 9,114 votes against and 8,902 in favour.", id="coordination-kept-balanced"),
    # A leading connector goes wherever the parser hung it (issue 16).
    pytest.param("And as his sister, she did everything she could to keep the shop open.",
                 "She does everything she could to keep the shop open.", id="connector-before-a-fronted-phrase"),
    # Issue rows: what was shown before must never be shown again.
    pytest.param("Excluding one-time costs tied to the closure of a plant in Decatur, Ill., the company earned "
                 "$1.12 a share, up from 98 cents a year earlier.",
                 "The company earned $1.12 a share, up from 98 cents a year earlier.", id="issue-fronted-fragment"),
    pytest.param("However, social media reports from Ryazan, a city 200 km southeast of Moscow, indicated that "
                 "Ukraine hit a Rosneft oil refinery, igniting a fire.",
                 "Social media reports from Ryazan, a city 200 km southeast of Moscow, indicate that Ukraine hit a "
                 "Rosneft oil refinery.", id="connector-hung-on-the-subject"),
    pytest.param("A 12-year-old Israeli girl is missing after a tour boat she was on exploded and caught fire off "
                 "Thailand's southwestern coast.",
                 "A 12-year-old Israeli girl is missing.", id="progressive-needs-no-object"),
    pytest.param("Residents living yards from the scene of the heist have revealed how they were hit by power cuts.",
                 "Residents living yards from the scene of the heist reveal how they were hit by power cuts.",
                 id="agreement-from-the-auxiliary"),
    pytest.param("Chris Christie has not yet announced if he plans to run for president in the upcoming election.",
                 "Chris Christie has not yet announced if he plans to run for president in the upcoming election.",
                 id="perfect-with-a-negation-stays"),
    pytest.param("The passenger door of the truck somehow opened as it was moving, causing a bag of money to be "
                 "blown out.",
                 "The passenger door of the truck somehow opened as it was moving.", id="past-kept-beside-a-past-clause"),
    pytest.param("The town council approved a new sea wall, three months after storms flooded more than 200 "
                 "homes along the front.",
                 "The town council approves a new sea wall.", id="a-comparison-goes-with-its-whole-clause"),
    pytest.param("The county board voted 5 to 4 to close the old pier after divers found cracks in its piles.",
                 "The county board votes 5 to 4 to close the old pier.", id="adjuncts-of-an-infinitive-after-the-verb"),
    pytest.param("Sandiford says Chan – who was sentenced to death in 2005 for masterminding the smuggling plot – "
                 "helped her cope in jail.",
                 "Sandiford says Chan helped her cope in jail.", id="dashed-relative-clause",
                 marks=pytest.mark.xfail(reason=PARSE + ": 'helped' as a conjunct of 'says', the dashes unpaired",
                                         strict=False)),
    pytest.param("Sanders said the ferry would run again.",
                 "Sanders says the ferry would run again.", id="a-name-ending-in-s-is-one-speaker"),
    pytest.param("Mayor Ana Ruiz promised Monday to rebuild the sea wall before the winter storms.",
                 "Mayor Ana Ruiz promises to rebuild the sea wall before the winter storms.",
                 id="a-day-without-its-on-is-no-object"),
    pytest.param("The council approved new spending for the harbour, including a second ferry that would run "
                 "until midnight in the summer.",
                 "The council approved new spending for the harbour.", id="an-including-phrase-is-an-adjunct"),
    pytest.param("All of the harbour towns said the levy was too high.",
                 "All of the harbour towns say the levy was too high.", id="all-of-takes-the-number-of-its-noun"),
    # What was said comes first, so the reporting verb lacks nothing once its day goes.
    pytest.param("“We will win,” Ruiz said Tuesday.", "“We will win,” Ruiz says.", id="quote-first-drops-its-day"),
    pytest.param("“The harbour will be rebuilt by spring,” Governor Tom Reyes said on Sunday.",
                 "“The harbour will be rebuilt by spring,” Governor Tom Reyes says.",
                 id="name-hung-on-the-quote-is-the-subject"),
]

NEVER = [
    pytest.param("Or the council could sell the old pier to pay for the sea wall.",
                 ["Or the council could sell the old pier to pay for the sea wall."], id="never-opens-on-or"),
    pytest.param("The Halifax-based Tidewater Survey, a marine research group founded in 1994 by the Canadian "
                 "engineer Paul Leger, has also started tracking ferry delays.",
                 ["The Halifax-based Tidewater Survey, a marine research group founded in 1994 by the Canadian "
                  "engineer Paul Leger.",
                  "The Halifax-based Tidewater Survey, a marine research group founds by the Canadian engineer Paul Leger."],
                 id="a-participle-with-its-agent-is-no-verb"),
    pytest.param("The council voted 7 to 2 on Monday night to close the bridge.",
                 ["The council votes to close the bridge.", "The council voted to close the bridge."],
                 id="no-vote-count-taken-with-its-day"),
    pytest.param("Superintendent Roberta Lane said the cuts were painful but unavoidable after the district lost "
                 "federal pandemic aid that had paid for hundreds of jobs since 2021.",
                 ["Roberta says the cuts were painful but unavoidable after the district.",
                  "Lane says the cuts were painful but unavoidable after the district."],
                 id="no-noun-kept-without-the-verb-after-it"),
    pytest.param("The count showed 9,114 votes against and 8,902 in favour.",
                 ["The count shows 9,114 votes against and 8,902.", "The count showed 9,114 votes against and 8,902."],
                 id="no-bare-conjunct-after-its-phrase-goes"),
    pytest.param("Sales rose 4% in May and 6% in June.", ["Sales rose 4% in June.", "Sales rise 4% in June."],
                 id="no-phrase-left-to-the-wrong-conjunct"),
    pytest.param("The company sold 5,000 cars in March and 6,000 in April.",
                 ["The company sells 5,000 cars.", "The company sold 5,000 cars."], id="no-count-cut-to-its-first-part"),
    pytest.param("And as his sister, she did everything she could to keep the shop open.",
                 ["And as his sister, she does everything she could to keep the shop open.",
                  "And as his sister, she did everything she could to keep the shop open."], id="no-leading-and"),
    pytest.param("But that was only the start of the trouble for the club.",
                 ["But that was only the start of the trouble for the club.", "But that was only the start."],
                 id="no-leading-but-even-whole"),
    pytest.param("However, the council approved the new stadium plan on Tuesday night.",
                 ["The council approves the new stadium plan on Tuesday night."], id="no-present-with-a-past-day"),
    pytest.param("The minister said on Friday the plan would go ahead in spring.",
                 ["The minister says on Friday the plan would go ahead in spring."], id="no-says-on-friday"),
    pytest.param("Police arrested two men Friday after a chase through the town centre.",
                 ["Police arrest two men Friday after a chase through the town centre.", "Police arrest two men Friday."],
                 id="no-present-with-a-bare-weekday"),
    pytest.param("The World Health Organization reported last year that 11 of the 12 cities in the world with "
                 "the worst air pollution are in India.",
                 ["The World Health Organization reported last year that 11 of the 12 cities in the world.",
                  "The World Health Organization reported last year that 11 of the 12 cities are in India."],
                 id="issue-cut-mid-phrase-and-which-cities"),
    pytest.param("Excluding one-time costs tied to the closure of a plant in Decatur, Ill., the company earned "
                 "$1.12 a share.",
                 ["Excluding one-time costs tied to the closure of a plant in Decatur, Ill."],
                 id="issue-fronted-clause-alone"),
    pytest.param("Plains dominate the mid-latitudes of Titan, while dunes dominate its equator.",
                 ["Plains and dunes dominate the mid-latitudes of Titan.", "Dunes dominate the mid-latitudes of Titan."],
                 id="issue-a-cut-changes-the-meaning"),
    pytest.param("Local authorities reported broken windows, shattered rooftops, and residents boarding up homes.",
                 ["Local authorities report broken windows, shattered rooftops."], id="list-loses-its-and"),
    pytest.param("Putin issued a stark warning on Friday, declaring that foreign troops would be viewed as targets.",
                 ["Putin issues a stark warning would be viewed as targets."], id="no-splice-of-clauses"),
    # The sample's fragment at 20 words and more, and what the same misparse gives elsewhere.
    pytest.param("Putin’s warning directly responded to remarks made the previous day by French President Emmanuel "
                 "Macron, who announced that 26 nations—part of a broader 35-country coalition—had pledged to "
                 "deploy troops or maintain a military presence in Ukraine after a ceasefire.",
                 ["Putin’s warning directly responds to remarks made the previous day by French President Emmanuel "
                  "Macron, who announced that 26 nations.",
                  "Putin’s warning directly responded to remarks made the previous day by French President Emmanuel "
                  "Macron, who announced that 26 nations."],
                 id="issue-sample-who-announced-that-26-nations"),
    pytest.param("Russian President Vladimir Putin issued a stark warning on Friday, declaring that any foreign troops "
                 "deployed to Ukraine, even as peacekeepers, would be viewed by Moscow as legitimate targets.",
                 ["Russian President Vladimir Putin issues a stark warning on Friday, declaring that any foreign "
                  "troops deployed to Ukraine, even as peacekeepers.",
                  "Russian President Vladimir Putin issues a stark warning on Friday would be viewed by Moscow as "
                  "legitimate targets."],
                 id="that-clause-left-with-a-participle"),
    pytest.param("The passenger door of the truck somehow opened as it was moving, causing a bag of money to be "
                 "blown out.",
                 ["The passenger door of the truck somehow opens as it was moving, causing a bag of money.",
                  "The passenger door of the truck somehow opened as it was moving, causing a bag of money.",
                  "The passenger door of the truck somehow opens as it was moving."],
                 id="infinitive-completing-a-verb-stays"),
    pytest.param("Supporters responded to Muller's chants as they celebrated the win against Porto on Tuesday night.",
                 ["Supporters respond to Muller's chants as they celebrated the win against Porto on Tuesday night."],
                 id="no-present-beside-a-past-clause"),
    pytest.param("Phil Smith scaled a fence to get into his flat but fell and hit his head.",
                 ["Phil Smith scales a fence to get into his flat but fell and hit his head.",
                  "Phil Smith scales a fence to get into his flat but falls and hit his head."],
                 id="no-present-for-one-of-several-verbs"),
    pytest.param("Air defenses shot down 81 drones, but fires broke out at two grain terminals and a warehouse.",
                 ["But fires break out at two grain terminals and a warehouse.",
                  "But fires broke out at two grain terminals and a warehouse."], id="no-stray-conjunction"),
    pytest.param("The mayor, who announced that the city would close the bridge, left the meeting early.",
                 ["The mayor, who announced that.", "The mayor, who announced."], id="relative-never-left-open"),
]

# Words no candidate of the sentence may lose.
KEEPS = [
    pytest.param("The court did not rule on the appeal, which was filed in March by the city.", "not", id="negation"),
    pytest.param("Sales rose 4% and 6% in the first and second quarters of the year, respectively.", "respectively",
                 id="respectively"),
    pytest.param("The company sold more than 1,000 phones in its first week, a record for the firm.", "more than",
                 id="comparative"),
    pytest.param("The new sea wall will be two metres higher than the old one, which was built in 1956.", "higher than",
                 id="comparative-kept-when-only-its-than-phrase-could-go"),
]


@pytest.mark.parametrize("sentence, bullet", GOLDEN)
def test_golden_bullet_is_a_candidate(sentence: str, bullet: str) -> None:
    assert bullet in candidates(sentence)


@pytest.mark.parametrize("sentence, bad", NEVER)
def test_never_a_fragment_or_a_changed_fact(sentence: str, bad: list[str]) -> None:
    for limit in (MAX_WORDS, WIDE):
        found = candidates(sentence, limit)
        assert not set(found) & set(bad), found


@pytest.mark.parametrize("sentence, words", KEEPS)
def test_rewrites_keep_negation_and_comparison(sentence: str, words: str) -> None:
    for text in candidates(sentence):
        assert words in text.lower(), text


def test_reference_resolved_to_the_storys_name() -> None:
    text = (
        "French President Emmanuel Macron met European leaders in Paris on Thursday.\n\n"
        "He said 26 nations had pledged to support Ukraine after a ceasefire."
    )
    document = analyse(text)
    found = [d.text for d in drafts(document, parse_sentence(document, 1), MAX_WORDS)]
    assert found and all(not t.startswith("He ") for t in found if "Macron" in t)
    assert any(t.startswith("Macron") for t in found), found


def test_every_candidate_is_within_the_word_limit_and_closed() -> None:
    sentence = ("Russian President Vladimir Putin issued a stark warning on Friday, declaring that any foreign troops "
                "deployed to Ukraine, even as peacekeepers, would be viewed by Moscow as legitimate targets.")
    for text in candidates(sentence):
        assert len(text.split()) <= MAX_WORDS
        assert text.endswith((".", "”", "’")) and text[0].isupper()


def test_a_box_from_fragments_only_is_refused_with_a_message() -> None:
    from quicklooks.text.quick_looks import QuickLooksError

    with pytest.raises(QuickLooksError, match="verb with a subject|16 words or fewer"):
        write_quick_looks("Record heat across the region on Monday.\n\nLong queues at the border crossings.")


def test_a_bullets_speaker_is_who_said_what_gives():
    # The nearest name before "he" is Ruiz; the quote is Reyes's, as the story's "Who said what"
    # panel has it, and the box must not name another speaker for the same words.
    text = ("“The harbour will be rebuilt by spring,” Governor Tom Reyes said on Sunday.\n\n"
            "Asked about the sea wall plan of Mayor Ana Ruiz, Reyes blamed Ruiz for years of delay.\n\n"
            "“The city has had a decade to fix this,” he said.")
    bullets = [b.text for b in write_quick_looks(text, 3).bullets]
    quoted = [b for b in bullets if b.startswith("“The city")]
    assert quoted and quoted[0].endswith("Reyes says."), bullets
