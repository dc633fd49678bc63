"""Demo content for the Low Milk Supply site.

Plain data only: no Django imports. Loaded by the demo-content command.
Article bodies are Markdown; citations are written as a bracketed, at-sign
prefixed reference key (several keys separated by semicolons) and refer to
entries in REFERENCES.
"""

AUTHORS = "Diana West, BA, IBCLC and Lisa Marasco, MA, IBCLC"

SITE_SETTINGS = dict(
    site_name="Low Milk Supply",
    tagline="Clear, caring information for parents working to make more milk",
    donation_url="https://www.lowmilksupply.org/donate/",
    donation_appeal=(
        "This site is kept free and independent by readers like you, and every "
        "gift helps us reach more parents and the professionals who support them. "
        "Whatever you can give, large or small, makes a real difference."
    ),
    book_title="Making More Milk",
    book_authors="Diana West and Lisa Marasco",
    book_blurb=(
        "Our book walks you step by step through how milk is made, why supply "
        "can fall short, and what you can do about it. It brings together the "
        "research and years of hands-on experience in one practical guide you "
        "can dip into whenever you need it."
    ),
    book_url="https://www.lowmilksupply.org/making-more-milk/",
    copyright_holders="Diana West and Lisa Marasco",
    copyright_start_year=2005,
    contact_email="editors@lowmilksupply.org",
    disclaimer=(
        "The information on this site is for general education only and is not "
        "medical advice. For guidance about your own situation, please see a "
        "qualified lactation consultant (IBCLC) or your doctor."
    ),
)


SECTIONS = [
    dict(
        slug="milk-production-overview",
        title="Milk Production Overview",
        intro=(
            "How your body makes milk, and how to tell whether your baby is "
            "getting enough. Understanding the basics is the best first step "
            "before you change anything."
        ),
    ),
    dict(
        slug="increasing-milk",
        title="Increasing Milk",
        intro=(
            "Practical ways to boost your supply, from **more effective milk "
            "removal** to herbs, medications and complementary therapies. "
            "Most plans work best when they start with frequent, thorough "
            "emptying of the breasts."
        ),
    ),
    dict(
        slug="causes-of-low-supply",
        title="Causes of Low Supply",
        intro=(
            "Low supply almost always has a reason, and finding it helps you "
            "choose what to try. Some causes are about how feeding is going; "
            "others start in the body itself."
        ),
    ),
    dict(
        slug="living-with-low-supply",
        title="Living with Low Supply",
        intro=(
            "Support for the feelings that come with low supply, and gentle "
            "ways to keep feeding close and loving while your baby gets the "
            "nourishment they need."
        ),
    ),
]


REFERENCES = [
    dict(
        key="jenner2002",
        kind="journal",
        authors=["Jenner, C.", "Filshie, J."],
        title="Galactorrhoea following acupuncture",
        container_title="Acupunct Med",
        year=2002,
        volume="20",
        issue="2-3",
        pages="107-8",
    ),
    dict(
        key="nedkova1995",
        kind="journal",
        authors=["Nedkova, V.", "Tanchev, S."],
        title="The possibilities for stimulating lactation",
        title_translated=True,
        original_language="Bulgarian",
        container_title="Akush Ginekol (Sofiia)",
        year=1995,
        volume="34",
        issue="2",
        pages="17-8",
    ),
    dict(
        key="clavey1996",
        kind="journal",
        authors=["Clavey, S."],
        title="The use of acupuncture for the treatment of insufficient lactation",
        container_title="Am J Acupuncture",
        year=1996,
        volume="24",
        issue="1",
        pages="35-45",
    ),
    dict(
        key="li2003",
        kind="thesis",
        authors=["Li, K."],
        title=(
            "A pilot study to evaluate the effect of acupuncture on increasing "
            "milk supply of lactating mothers"
        ),
        degree="Master's thesis",
        publisher="Victoria University",
        year=2003,
        url="http://wallaby.vu.edu.au/adt-VVUT/public/adt-VVUT20031203.093949/",
        accessed="2005-07-31",
    ),
    dict(
        key="sheng1989",
        kind="journal",
        authors=["Sheng, P.", "Xie, Q."],
        title=(
            "Relationship between effect of acupuncture on prolactin secretion "
            "and central catecholamine and R-aminobutyric acid"
        ),
        container_title="Zhen Ci Yan Jiu",
        year=1989,
        volume="14",
        issue="4",
        pages="446-51",
    ),
    dict(
        key="kvist2006",
        kind="journal",
        authors=["Kvist, L.", "Louise Hall-Lord, M.", "Rydhstroem, H."],
        authors_et_al=True,
        title=(
            "A randomised-controlled trial in Sweden of acupuncture and care "
            "interventions for the relief of inflammatory symptoms of the "
            "breast during lactation"
        ),
        container_title="Midwifery",
        year=2006,
        published_online="2006-10-17",
        epub_ahead_of_print=True,
    ),
]


ARTICLES = [
    # ------------------------------------------------------------------
    # Milk Production Overview
    # ------------------------------------------------------------------
    dict(
        section="milk-production-overview",
        slug="how-milk-production-works",
        title="How Milk Production Works",
        summary=(
            "A plain-English tour of the hormones and the simple "
            "supply-and-demand rule that drive how much milk you make."
        ),
        authors=AUTHORS,
        medical_reviewer="Dr. Helen Marsh, MD, FABM",
        last_reviewed="2026-02-18",
        seo_description=(
            "How breast milk is made: prolactin, oxytocin and the "
            "supply-and-demand rule explained simply for tired parents."
        ),
        related=["signs-baby-is-getting-enough", "pumping-to-increase-supply"],
        body="""\
Knowing how your body makes milk can take some of the mystery, and some of the worry, out of low supply. The basic system is surprisingly simple, even if the details are not.

## Getting ready during pregnancy

From early pregnancy, hormones prepare the breasts. The milk-making tissue grows and branches, and by the middle of pregnancy your body can already make **colostrum**, the thick early milk. High levels of pregnancy hormones, especially progesterone from the placenta, hold back full milk production until after birth.

## After your baby arrives

Once the placenta is delivered, progesterone drops quickly. This is the signal for milk to "come in", usually somewhere between the second and fourth day. Colostrum comes in small amounts, which is exactly what a newborn's tiny stomach needs.

### The two key hormones

- **Prolactin** tells the milk-making cells to produce milk. Levels rise each time the nipple and breast are stimulated by feeding or pumping.
- **Oxytocin** causes the small muscles around the milk glands to squeeze, pushing milk toward the nipple. This is the **let-down** or milk-ejection reflex. Stress and pain can slow it down; warmth, skin-to-skin contact and relaxation tend to help.

## Supply and demand

After the first few weeks, milk production is governed mostly by **how often and how well milk is removed**. When the breast is drained well, it makes more milk to replace it. When milk sits in the breast for long stretches, the body reads this as a sign that less is needed, and production slows down.

This is why so many strategies for increasing milk come back to the same idea: **remove more milk, more often**. Feeding frequently, making sure your baby is latched well, and adding pumping or hand expression when needed all send a clear message to make more.

## When the system does not work as expected

Sometimes the problem is not the message but the machinery. If there is not enough milk-making tissue, or if hormone signals are out of balance, frequent milk removal alone may not be enough. That is not a personal failing. It simply means the cause needs looking into, ideally with a lactation consultant and your doctor.

## Key points

- Hormones start milk production; **milk removal keeps it going**.
- Frequent, effective feeding or pumping is the foundation of any plan.
- If supply stays low despite good milk removal, ask about underlying causes.
""",
    ),
    dict(
        section="milk-production-overview",
        slug="signs-baby-is-getting-enough",
        title="Is My Baby Getting Enough Milk?",
        summary=(
            "The reliable signs that show how well your baby is feeding, and "
            "when it is time to ask for help."
        ),
        authors=AUTHORS,
        medical_reviewer="Dr. Samuel Okafor, MD, FAAP",
        last_reviewed="2025-11-04",
        seo_description=(
            "Wet and dirty diapers, weight gain and feeding cues: how to tell "
            "if your breastfed baby is getting enough milk."
        ),
        related=["how-milk-production-works", "causes-of-low-milk-supply"],
        body="""\
Many parents worry that their baby is not getting enough, even when everything is going well. Others have a real shortfall that is easy to miss. The good news is that a few simple signs give a clear picture.

## Signs that are not very reliable

Some things feel like clues but do not tell you much on their own:

- **Soft breasts.** Breasts often feel less full after the first weeks as your body settles into a rhythm.
- **Frequent feeding.** Newborns feed often, and cluster feeding in the evening is common.
- **How much you can pump.** Many people respond better to their baby than to a pump.
- **A fussy baby.** Babies fuss for lots of reasons besides hunger.

## Signs that really matter

### Diapers

After the first few days, when your milk has come in, most well-fed babies have:

- **At least six heavy wet diapers** in 24 hours, with pale, mild-smelling urine.
- **Several yellow, seedy stools a day** in the early weeks. Dark, sticky stools after about day four or five are a reason to call your baby's care provider.

### Weight

Weight gain is the most dependable sign. Most babies lose some weight after birth and are back to their birth weight by around **10 to 14 days**. After that, steady gain on a growth chart is reassuring. Your baby's doctor or nurse will look at the overall trend rather than a single number.

### Feeding itself

- You can **hear or see swallowing** during much of the feed.
- Your baby comes off the breast looking relaxed, with loose hands and arms.
- Your baby wakes to feed at least eight times in 24 hours in the early weeks.

## When to get help quickly

Contact your baby's doctor promptly if your baby:

- has fewer wet diapers than expected, or dark urine
- is very sleepy and hard to wake for feeds
- has not regained birth weight by two weeks, or is losing weight
- shows signs of jaundice that are getting worse

## Next steps

If the signs suggest your baby needs more, **feed your baby first** while you work out the cause. A lactation consultant can watch a feed, check the latch, and help you build a plan that protects both your baby's growth and your supply.
""",
    ),
    # ------------------------------------------------------------------
    # Increasing Milk
    # ------------------------------------------------------------------
    dict(
        section="increasing-milk",
        slug="acupuncture-and-acupressure",
        title="Acupuncture and Acupressure",
        summary=(
            "What Traditional Chinese Medicine offers for low milk supply, "
            "what the research so far suggests, and how to find a qualified "
            "practitioner."
        ),
        authors=AUTHORS,
        medical_reviewer="Dr. Mei-Ling Chen, MD, LAc, IBCLC",
        last_reviewed="2023-08-14",
        seo_description=(
            "Can acupuncture or acupressure help with low milk supply? What "
            "Traditional Chinese Medicine says and what the research shows."
        ),
        related=["galactagogue-herbs", "pumping-to-increase-supply"],
        body="""\
Acupuncture uses very fine, sterile needles placed at chosen points on the body. Acupressure, which includes shiatsu, works on the same idea but uses firm pressure from the thumbs or fingertips instead of needles. Both come from **Traditional Chinese Medicine (TCM)**.

## A long history, and some modern evidence

In China, these techniques have been used to support breastfeeding for a very long time. They are less familiar in Western countries, but a small body of research, including case reports and clinical studies, suggests they may help some parents make more milk [@jenner2002; @nedkova1995; @clavey1996]. The studies are small, so the evidence is promising rather than proven.

## How TCM views low supply

TCM does not describe milk production in terms of hormones. Instead, it looks at the flow of *qi*, the body's energy. Low supply is usually linked to one of two patterns [@li2003]:

- **Spleen qi deficiency.** The breasts tend to feel soft, and not much milk is being made.
- **Liver qi stagnation.** The breasts may feel full or tight, but the milk does not flow easily.

A practitioner chooses treatment points according to which pattern fits you best.

### Who seems to benefit most

A review of the research found that acupuncture often helped with low supply, but it was much less useful when the breasts had not developed enough milk-making tissue [@clavey1996]. In other words, it may help the system work better, but it cannot create glandular tissue that is not there.

## How might it work?

Researchers have noticed that acupuncture can influence **prolactin**, the hormone that tells the breasts to make milk [@jenner2002; @sheng1989]. Higher prolactin could, in turn, support higher production.

Acupuncture has also been studied as a way to ease **engorgement and inflammation** of the breast, which can help milk flow again [@kvist2006; @nedkova1995].

## Why some parents choose it

- It works from the **outside**, without medicines that pass into milk.
- It may suit parents whose low supply has a **secondary cause**, such as a rough start to feeding.
- It may also be worth trying for parents with a **primary cause** who still have good breast development.

## Finding the right practitioner

Because TCM relies on a careful assessment to choose the right points, it matters who treats you.

- Look for a **licensed, experienced practitioner**, ideally one who has worked with breastfeeding parents.
- Tell them you are breastfeeding and share any health conditions or medications.
- Ask whether there are **acupressure points you can use at home** between visits. Acupuncture needs a practitioner, but acupressure can often be learned.

Acupuncture works best as **part of a plan**, alongside frequent, effective milk removal and support from a lactation consultant.
""",
    ),
    dict(
        section="increasing-milk",
        slug="pumping-to-increase-supply",
        title="Pumping to Increase Supply",
        summary=(
            "How to use a breast pump and your hands to send a stronger "
            "'make more milk' signal to your body."
        ),
        authors=AUTHORS,
        medical_reviewer="Priya Raman, RN, IBCLC",
        last_reviewed="2026-06-09",
        seo_description=(
            "Practical pumping tips to raise your milk supply: frequency, "
            "double pumping, hands-on pumping, power pumping and flange fit."
        ),
        related=["how-milk-production-works", "supplementing-at-the-breast"],
        body="""\
Because milk production follows demand, **removing more milk** is the most powerful tool you have. A good pump, used well, can make a real difference, especially when your baby cannot yet drain the breast effectively.

## Choosing a pump

- **Double electric pumps** save time and tend to remove more milk than pumping one side at a time.
- **Hospital-grade rental pumps** are worth considering if you are building supply from very low, or if your baby is not feeding at the breast at all.
- Hand pumps and silicone collection cups can be handy extras, but are rarely enough on their own for building supply.

### Getting the fit right

The funnel part of the pump, often called the **flange**, should fit your nipple comfortably. Your nipple should move freely in the tunnel without rubbing, and pumping should never be painful. A poor fit can reduce how much milk you remove, so ask a lactation consultant to check if you are unsure.

## How often?

To build supply, aim for **at least eight milk removals in 24 hours**, counting both feeds and pumping sessions. Shorter, more frequent sessions usually work better than a few long ones. Try not to go more than about five hours without removing milk, including overnight, while you are working on supply.

## Getting more out of each session

### Hands-on pumping

Massage your breasts before you start, then gently **compress and massage** while the pump is running. Finish with a few minutes of hand expression. Many parents find this noticeably increases the amount they collect.

### Power pumping

Power pumping mimics a baby's cluster feeding. Once a day, pump in short bursts with breaks in between for about an hour, for example:

1. Pump for 20 minutes, rest for 10.
2. Pump for 10 minutes, rest for 10.
3. Pump for 10 minutes.

Give it several days before judging whether it helps.

### Helping your let-down

- Sit somewhere warm and comfortable, and have a drink and snack nearby.
- Look at a photo or video of your baby, or smell a piece of their clothing.
- Cover the bottles if watching the numbers makes you anxious.

## Be kind to yourself

Pumping often is hard work. Build in rest where you can, accept help with everything else, and remember that **every drop you make counts**, whatever the total.
""",
    ),
    dict(
        section="increasing-milk",
        slug="galactagogue-herbs",
        title="Herbs for Milk Supply",
        summary=(
            "A cautious look at the herbs traditionally used to boost milk, "
            "what we know about them, and how to use them safely."
        ),
        authors=AUTHORS,
        medical_reviewer="Dr. Rachel Abernathy, PharmD",
        last_reviewed="2025-04-22",
        seo_description=(
            "Fenugreek, goat's rue, moringa and more: what to know about "
            "herbal galactagogues, their limits and safety, before you try them."
        ),
        related=["prescription-galactagogues", "acupuncture-and-acupressure"],
        body="""\
A **galactagogue** is anything that helps increase milk production. Many cultures have long traditions of foods and herbs given to new parents to help their milk, and some of these are now sold as teas, capsules and tinctures.

## What to know first

- **Herbs are not a substitute for milk removal.** They seem to work best when you are already feeding or pumping often and effectively.
- **The research is limited.** Most studies are small, and results are mixed. Many parents report a helpful effect; others notice nothing.
- **"Natural" does not mean risk-free.** Herbs contain active compounds that can cause side effects or interact with medicines.
- **Quality varies.** Supplements are not tested as strictly as medicines, so strength and purity can differ between brands.

## Commonly used herbs

### Fenugreek

Probably the best-known milk herb. Side effects can include an upset stomach and a maple-syrup smell in sweat and urine. It may lower blood sugar, and people with allergies to peanuts, chickpeas or other legumes may react to it. It is generally not recommended if you have asthma or diabetes without medical advice.

### Goat's rue

Traditionally used for parents with less developed breast tissue. It may also affect blood sugar, so check with your doctor if you have diabetes or take related medication.

### Moringa

A leafy plant eaten as food in many parts of the world. It is often used in capsule or powder form.

### Others

Blessed thistle, shatavari, milk thistle and fennel are also popular. Evidence for each is limited.

## Using herbs safely

- **Talk to your doctor or pharmacist** before starting, especially if you have a health condition, are taking medicines, or are pregnant again.
- Start **one herb at a time**, so you can tell what helps and what causes side effects.
- Watch your baby for any changes, such as fussiness or loose stools.
- Stop and seek advice if you notice anything worrying.

## A word about expectations

If an herb helps, you will usually notice a change within a few days to a week. If nothing changes, it may be a sign that the main cause of your low supply lies elsewhere, and a lactation consultant can help you look further.
""",
    ),
    dict(
        section="increasing-milk",
        slug="prescription-galactagogues",
        title="Prescription Medications for Milk Supply",
        summary=(
            "An overview of the medicines sometimes prescribed to boost "
            "supply, and why they are a conversation to have with your doctor."
        ),
        authors=AUTHORS,
        medical_reviewer="Dr. Helen Marsh, MD, FABM",
        last_reviewed="2026-09-15",
        seo_description=(
            "Domperidone, metoclopramide and other medicines for low milk "
            "supply: how they work, their risks, and questions for your doctor."
        ),
        related=["galactagogue-herbs", "thyroid-pcos-and-hormones"],
        body="""\
When frequent milk removal and other steps have not raised supply enough, some parents ask about medication. A few medicines can increase milk production, but none is right for everyone, and all need a **doctor's assessment and ongoing supervision**.

## How these medicines work

Most prescription galactagogues work by raising **prolactin**, the hormone that signals the breasts to make milk. They do this by blocking dopamine, a brain chemical that normally keeps prolactin in check. Because of this, they tend to help most when low prolactin is part of the problem, and they cannot make up for missing glandular tissue.

## Medicines you may hear about

### Domperidone

Used in many countries to boost supply. It is **not approved for this use in the United States**, and regulators have raised concerns about its effects on heart rhythm, particularly at higher doses or in people with certain heart conditions. Your doctor will consider your personal and family history before prescribing it.

### Metoclopramide

Also raises prolactin. It can cause side effects including tiredness, restlessness and, importantly, **low mood or depression**. It is usually prescribed only for short periods and is generally avoided if you have a history of depression.

### Medicines for underlying conditions

Sometimes the most helpful medicine is one that treats a **root cause**, such as thyroid medication for an underactive thyroid. Medicines that improve insulin sensitivity have also been explored for parents with insulin resistance or PCOS, though evidence is still emerging.

## Questions to ask your doctor

- What do you think is causing my low supply?
- Are there tests we should do first, such as thyroid or prolactin levels?
- What are the possible side effects for me and my baby?
- How long should I take it, and how will we know if it is working?
- How should I stop it when the time comes?

## Keep the basics going

Medication is **not a replacement** for frequent, effective milk removal. It works best alongside good latch support, regular feeding or pumping, and follow-up with a lactation consultant. Never start, change or stop a prescription medicine without talking to your prescriber.
""",
    ),
    # ------------------------------------------------------------------
    # Causes of Low Supply
    # ------------------------------------------------------------------
    dict(
        section="causes-of-low-supply",
        slug="causes-of-low-milk-supply",
        title="Causes of Low Milk Supply",
        summary=(
            "An overview of the many reasons supply can fall short, and how "
            "knowing the cause helps you decide what to try."
        ),
        authors=AUTHORS,
        medical_reviewer="Dr. Tomas Reyes, MD, FACOG",
        last_reviewed="2025-08-30",
        seo_description=(
            "Why is my milk supply low? Common feeding-related and medical "
            "causes of low milk supply, and how to start finding yours."
        ),
        related=[
            "insufficient-glandular-tissue",
            "thyroid-pcos-and-hormones",
            "signs-baby-is-getting-enough",
        ],
        body="""\
Low milk supply is rarely "just one of those things". There is nearly always a reason, and sometimes more than one. Finding it is the key to choosing the right help.

It can be useful to think of causes in two broad groups.

## Secondary causes: how feeding is going

These are problems with **how much milk is being removed**. Because milk production depends on demand, anything that reduces milk removal can reduce supply. Common examples include:

- **Latch or sucking difficulties**, including tongue-tie, prematurity or a sleepy, jaundiced baby.
- **Feeding on a strict schedule** or stretching time between feeds too soon.
- **Supplementing without pumping**, so the breasts are not told to keep up.
- **Long stretches of sleep** early on, before supply is well established.
- **Separation** from your baby without regular pumping.

The encouraging thing about secondary causes is that they can usually be **improved**, often quickly, with good support.

## Primary causes: how the body is working

These are issues with the body's ability to make milk, even when milk is being removed well. They include:

- **Insufficient glandular tissue**, when the breasts did not develop enough milk-making tissue.
- **Previous breast surgery**, especially breast reduction, or injury to the chest.
- **Hormonal conditions**, such as thyroid problems, polycystic ovary syndrome (PCOS), insulin resistance and diabetes.
- **Retained placental fragments**, which can keep pregnancy hormones high after birth.
- **Heavy blood loss at birth**, which in rare cases affects the pituitary gland.

Primary causes are less common, but they are real, and they are not your fault.

## Other things that can play a part

- Some **medicines**, including certain cold remedies and estrogen-containing contraceptives.
- **Smoking** and heavy alcohol use.
- A **new pregnancy**.
- Significant **stress or exhaustion**, which can interfere with let-down.

## Finding your cause

A lactation consultant will usually ask about your pregnancy, birth, health history and breast changes, and then **watch a feed**. Your doctor may suggest blood tests, for example to check thyroid function. Often a combination of small factors adds up, and addressing each one helps.

## Key points

- **Low supply has causes**, and most can be identified.
- Feeding-related causes are common and often very fixable.
- Body-related causes may limit how much milk you can make, but every amount matters.
""",
    ),
    dict(
        section="causes-of-low-supply",
        slug="insufficient-glandular-tissue",
        title="Insufficient Glandular Tissue",
        summary=(
            "What it means when the breasts have not developed enough "
            "milk-making tissue, and how to make the most of the milk you do make."
        ),
        authors=AUTHORS,
        medical_reviewer="Dr. Samuel Okafor, MD, FAAP",
        last_reviewed="2024-02-09",
        seo_description=(
            "Insufficient glandular tissue (breast hypoplasia) explained: "
            "possible signs, how it affects supply, and ways to make the most milk."
        ),
        related=["causes-of-low-milk-supply", "supplementing-at-the-breast"],
        body="""\
Milk is made in **glandular tissue**, clusters of tiny milk-making sacs and the ducts that carry milk to the nipple. Sometimes the breasts do not develop as much of this tissue as usual. This is called **insufficient glandular tissue (IGT)**, or breast hypoplasia.

## Breast size is not the issue

Small breasts can make plenty of milk. Size mostly reflects fatty tissue, not milk-making tissue. IGT is about the **type** of tissue and how it developed, not how big the breasts are.

## Possible signs

No single sign confirms IGT, but lactation consultants pay attention to:

- **A wide space** between the breasts.
- Breasts that look **tubular, narrow or unusually shaped**.
- Noticeable **differences** between the two breasts.
- **Little or no breast change** during pregnancy or after birth.
- Low supply that continues **despite frequent, effective milk removal**.

Having one of these features does not mean you have IGT, and some people with IGT show few outward signs.

## Why it happens

The causes are not fully understood. Hormonal factors during puberty or pregnancy are thought to play a part, and IGT seems to be more common alongside conditions like PCOS and insulin resistance. It is **not caused by anything you did**.

## What can help

### Making the most of your tissue

- Remove milk often and thoroughly, with feeding, pumping and hand expression.
- Use breast compression during feeds.
- Talk with your doctor about checking for hormonal conditions that might be treatable.

### Considering other support

Some parents try herbs or medications that may help the tissue they have work as well as possible. Results vary, and it helps to go in with realistic expectations.

## Feeding your baby well

Many parents with IGT make a **partial supply**. Your baby may need extra milk, and that is fine. Options such as an at-breast supplementer let your baby get everything they need while still feeding at your breast.

## Redefining success

With IGT, success may not be measured in ounces. Every feed, every drop and every cuddle at the breast matters. Many parents find real joy in a **breastfeeding relationship** that includes supplements.
""",
    ),
    dict(
        section="causes-of-low-supply",
        slug="thyroid-pcos-and-hormones",
        title="Thyroid, PCOS and Other Hormonal Causes",
        summary=(
            "How thyroid conditions, polycystic ovary syndrome and blood sugar "
            "problems can affect milk supply, and what testing may help."
        ),
        authors=AUTHORS,
        medical_reviewer="Dr. Tomas Reyes, MD, FACOG",
        last_reviewed="2026-04-27",
        seo_description=(
            "Thyroid problems, PCOS, insulin resistance and diabetes can all "
            "affect milk supply. Learn the signs and what to ask your doctor."
        ),
        related=["causes-of-low-milk-supply", "prescription-galactagogues"],
        body="""\
Milk production relies on a finely tuned balance of hormones. When that balance is off, supply can be affected even when feeding is going well. The good news is that some hormonal causes can be **tested for and treated**.

## Thyroid conditions

The thyroid gland helps set the pace of many body processes, including milk production.

### Underactive thyroid

An **underactive thyroid (hypothyroidism)** is linked with low supply. Tiredness, feeling cold, constipation, dry skin and low mood are common symptoms, but they are easy to mistake for normal new-parent exhaustion.

### Postpartum thyroiditis

Some people develop thyroid inflammation in the months after birth. It can swing from overactive to underactive and often settles on its own, but it is worth identifying.

A simple **blood test** can check thyroid function. If you already take thyroid medication, ask your doctor whether your dose needs reviewing after birth.

## Polycystic ovary syndrome (PCOS)

PCOS affects hormones including insulin and androgens. Many people with PCOS breastfeed without difficulty, but it is a **known risk factor for low supply**. It may affect how the breasts develop, and how well the milk-making cells respond after birth.

## Insulin resistance and diabetes

Insulin plays a role in milk production. Parents with **diabetes** may find their milk takes a little longer to come in, and **insulin resistance**, with or without a diagnosis of diabetes, may be linked to lower supply. Good blood sugar management supports breastfeeding as well as overall health.

## Other hormonal causes

- **Retained placental fragments** can keep pregnancy hormones high. Signs can include ongoing heavy bleeding and milk that does not come in as expected.
- **Pituitary problems**, including rare damage after very heavy blood loss at birth, can affect prolactin.
- **Hormonal contraception**, particularly methods containing estrogen, can lower supply in some people.

## Talking to your doctor

If you suspect a hormonal cause, it may help to ask:

- Could we check my **thyroid function**?
- Are there signs of **insulin resistance** or blood sugar problems?
- Is it worth checking **prolactin** levels?
- Could any of my medications be affecting supply?

Treating an underlying condition will not always restore a full supply, but it can give your body the **best possible chance**.
""",
    ),
    # ------------------------------------------------------------------
    # Living with Low Supply
    # ------------------------------------------------------------------
    dict(
        section="living-with-low-supply",
        slug="emotional-side-of-low-supply",
        title="The Emotional Side of Low Supply",
        summary=(
            "Grief, guilt and frustration are common when milk does not come "
            "easily. You are not alone, and support can help."
        ),
        authors=AUTHORS,
        medical_reviewer="Dr. Anna Lindqvist, PhD, Clinical Psychologist",
        last_reviewed="2025-12-01",
        seo_description=(
            "Coping with the feelings that come with low milk supply: grief, "
            "guilt and frustration, and where to find support."
        ),
        related=["supplementing-at-the-breast", "insufficient-glandular-tissue"],
        body="""\
Low milk supply is not only a practical problem. For many parents it brings **strong and unexpected feelings**, and those feelings deserve as much care as the feeding plan.

## Feelings you might have

- **Grief** for the breastfeeding experience you hoped for.
- **Guilt** or a sense that you have let your baby down.
- **Frustration** when you are doing everything right and the numbers do not change.
- **Anger**, at your body, at unhelpful advice, or at how hard it all is.
- **Relief** when you make a decision, sometimes mixed with sadness.

All of these are normal. They can come and go, and they can exist side by side.

## You did not cause this

Low supply usually has a cause, and many causes are outside anyone's control. Even when feeding difficulties played a part, you were doing your best with the information and support you had. **Blame does not help you or your baby**; kindness does.

## Ways to look after yourself

### Set goals that fit your life

Your goals can change. Some parents aim for a full supply; others decide that some breast milk, or simply feeding at the breast for comfort, is the right goal for their family.

### Share the load

Let others take on cooking, cleaning and older children. If you are pumping often, ask a partner or friend to wash parts or bring you water.

### Limit the comparisons

Online groups can be a lifeline, but they can also make you feel worse. Step away from spaces that leave you feeling judged.

### Find your people

Talking with others who have lived with low supply can be a huge comfort. A lactation consultant may know of local or online groups.

## When to reach out for more help

Feeling low sometimes is expected. But please talk to your doctor, midwife or health visitor if you:

- feel sad, empty or anxious most of the time for more than two weeks
- lose interest in things you used to enjoy
- have trouble sleeping even when your baby sleeps
- feel unable to cope

If you ever have thoughts of harming yourself or your baby, **contact emergency services or a crisis line straight away**. Postnatal depression and anxiety are common and treatable, and asking for help is a sign of strength.

## Remember

How you feed your baby is only one part of how you love your baby. **You are a good parent**, however much milk you make.
""",
    ),
    dict(
        section="living-with-low-supply",
        slug="supplementing-at-the-breast",
        title="Supplementing at the Breast",
        summary=(
            "How an at-breast supplementer can give your baby the extra milk "
            "they need while keeping them feeding at your breast."
        ),
        authors=AUTHORS,
        medical_reviewer="Priya Raman, RN, IBCLC",
        last_reviewed="2026-07-20",
        seo_description=(
            "Using an at-breast supplementer or tube feeding system: how it "
            "works, choosing milk to supplement with, and tips for success."
        ),
        related=[
            "pumping-to-increase-supply",
            "insufficient-glandular-tissue",
            "emotional-side-of-low-supply",
        ],
        body="""\
When your baby needs more milk than you are making right now, supplementing keeps them fed and growing. An **at-breast supplementer** lets you give that extra milk while your baby stays at the breast.

## How it works

An at-breast supplementer is a container of milk connected to a **thin, soft tube**. The tube is placed along your nipple so that the end sits in your baby's mouth as they latch. As your baby sucks, they draw milk from both your breast and the tube.

### Why parents like it

- Your baby gets **all the milk they need** in one feeding.
- Your breasts are **stimulated at every feed**, which supports your supply.
- Your baby keeps feeding at the breast, and you keep the **closeness** of breastfeeding.

## What milk to use

Talk with your baby's doctor or a lactation consultant about how much supplement your baby needs. The usual order of preference is:

1. **Your own expressed milk.**
2. **Screened donor milk** from a milk bank, where available.
3. **Infant formula**, which is a safe and nourishing choice.

Many families use a mix of these, and that is perfectly fine.

## Getting started

- Practise when you and your baby are calm, not when your baby is very hungry.
- Tape the tube in place, or hold it, so the end reaches just past the tip of your nipple.
- The height of the container affects flow: **higher is faster, lower is slower**. Adjust so your baby keeps sucking actively.
- Clean all parts carefully after each use, following the maker's instructions.

### Common hiccups

- **Baby pulls off or chokes:** the flow may be too fast, so lower the container.
- **Baby falls asleep:** the flow may be too slow, or your baby may need a burp and a fresh start.
- **Awkward to manage:** it gets easier with practice. Many parents struggle for the first few days and then find their rhythm.

## Other options

If an at-breast supplementer does not suit you, a **cup, spoon, syringe or paced bottle feeding** can also work. Paced bottle feeding lets your baby control the flow and take breaks, which may make moving between breast and bottle easier.

## Finding support

A lactation consultant can show you how to set up a supplementer, check your baby's latch, and help you work out how much extra milk your baby needs. Over time, **the amount you supplement may change**, and your plan can change with it.
""",
    ),
]


PAGES = [
    dict(
        slug="about",
        title="About Us",
        nav_order=1,
        body="""\
## Who we are

Low Milk Supply is a nonprofit website for parents who are working hard to make more milk, and for the professionals who help them. It was started by **Diana West and Lisa Marasco**, two International Board Certified Lactation Consultants who have spent many years helping families with low supply.

## Why this site exists

When milk does not come easily, parents often hear conflicting advice, or are told simply to "relax" or "try formula". We believe you deserve better: **clear explanations, honest evidence and practical ideas**, offered with warmth and without judgement.

## What you will find here

- Plain-English explanations of **how milk is made**.
- A guide to the most common **causes of low supply**.
- Practical, evidence-minded ways to **increase your milk**.
- Support for the **emotional side** of low supply.

## How we write

Every article is written by our authors and checked by a medical reviewer. We cite research where it exists, say so when the evidence is limited, and review our content regularly so it stays up to date. Each article shows when it was last reviewed.

## Important note

This site offers general information, not medical advice. For help with your own situation, please see a qualified lactation consultant (IBCLC) or your doctor.
""",
    ),
    dict(
        slug="contact",
        title="Contact Us",
        nav_order=2,
        body="""\
We would love to hear from you. Whether you have spotted an error, have a question about something you read here, or want to share how the site has helped, please get in touch.

## Before you write

- **We cannot give personal medical or lactation advice** by email or through this form. For help with your own situation, please contact a lactation consultant (IBCLC) or your doctor.
- If you are worried about your baby's health right now, **call your baby's doctor or emergency services** rather than waiting for a reply from us.

## How to reach us

Use the form below, or email our editorial team at **editors@lowmilksupply.org**. We are a small team, so please allow a few working days for a reply.
""",
    ),
    dict(
        slug="donate",
        title="Donate",
        nav_order=None,
        body="""\
## Help us keep this site free

Low Milk Supply is run as a nonprofit. We do not charge for our articles, and we keep advertising off our pages so parents can find trustworthy information without distractions.

## What your gift supports

- **Keeping our articles accurate**, with regular medical review as research changes.
- **Writing new content** on topics parents ask us about.
- **Reaching health professionals**, so more families get informed, supportive care.
- **Running the website** itself, from hosting to accessibility improvements.

## Every amount helps

Whether you give once or regularly, a small amount or a large one, your support helps another tired parent find answers at three in the morning. **Thank you** for being part of this work.
""",
    ),
]


# Addresses of the previous site that now live elsewhere (old path, new path).
REDIRECTS = [
    ("/acupuncture.shtml", "/articles/increasing-milk/acupuncture-and-acupressure/"),
]
