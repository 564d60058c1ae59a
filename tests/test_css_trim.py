"""The stylesheet trimmer keeps every rule the site can use and drops only what it cannot."""

from microneedling_course.sphinx.css_trim import UsedNames, trim_stylesheet

PAGE = """<!DOCTYPE html><html lang="en" data-theme="light"><body>
<div class="card wide" id="main"><p class="note">Text</p><button aria-expanded="false">Go</button>
</div></body></html>"""


def site(page: str = PAGE, script: str = "") -> UsedNames:
    used = UsedNames()
    used.add_html(page)
    used.add_script(script)
    return used


def test_rule_for_a_class_no_page_has_is_dropped():
    """Is a rule whose selector needs a class that appears nowhere left out?"""
    assert trim_stylesheet(".absent{color:red}.card{color:blue}", site()) == ".card{color:blue}"


def test_rules_for_present_classes_ids_elements_and_attributes_are_kept():
    """Are rules for a class, an id, an element and an attribute the pages have all kept?"""
    css = ".note{a:1}#main{b:2}p{c:3}[aria-expanded=false]{d:4}"
    assert trim_stylesheet(css, site()) == css


def test_class_a_script_names_is_kept():
    """Is a rule kept for a class no page has but a script can add (it names the word)?"""
    css = ".show{display:block}"
    assert trim_stylesheet(css, site(script="el.classList.add('show')")) == css
    assert trim_stylesheet(css, site()) == ""


def test_only_the_matching_selectors_of_a_list_are_kept():
    """Does a selector list keep only the selectors that can match?"""
    assert trim_stylesheet(".absent,.card>p,h6{x:1}", site()) == ".card>p{x:1}"


def test_names_inside_functional_pseudo_classes_are_not_required():
    """Is a rule kept when the absent class is only inside :not() (it can still match)?"""
    assert trim_stylesheet("p:not(.absent){x:1}", site()) == "p:not(.absent){x:1}"


def test_attribute_selectors_follow_the_attributes_pages_and_scripts_set():
    """Are rules for data-theme kept (on <html>) and for data-bs-theme dropped (nowhere), and is a
    data- attribute a script sets through element.dataset kept?"""
    css = "[data-theme=dark] p{x:1}[data-bs-theme=dark] p{y:2}[data-mode=auto] p{z:3}"
    assert trim_stylesheet(css, site()) == "[data-theme=dark] p{x:1}"
    scripted = site(script="document.documentElement.dataset.mode = 'auto'")
    assert "[data-mode=auto] p{z:3}" in trim_stylesheet(css, scripted)


def test_markup_carried_in_an_inline_json_script_counts():
    """Does a class in markup that an inline JSON model carries (escaped) keep its rule?"""
    page = (
        PAGE
        + '<script type="application/json">{"html":"\\u003cem class=\\"mark\\"\\u003e"}</script>'
    )
    assert trim_stylesheet("em.mark{x:1}", site(page)) == "em.mark{x:1}"


def test_empty_media_blocks_go_and_kept_ones_stay():
    """Is an @media block left out when none of its rules can match, and kept otherwise?"""
    css = "@media (max-width:40em){.absent{x:1}}@media print{.card{y:2}}"
    assert trim_stylesheet(css, site()) == "@media print{.card{y:2}}"


def test_custom_properties_nobody_reads_are_dropped_even_in_chains():
    """Are unread custom properties dropped, including one read only by another unread one?"""
    css = ":root{--a:1px;--b:var(--c);--c:2px;--d:3px}.card{margin:var(--a)}"
    assert trim_stylesheet(css, site()) == ":root{--a:1px}.card{margin:var(--a)}"


def test_custom_property_a_script_reads_is_kept():
    """Is a custom property kept when a script reads it by name?"""
    css = ":root{--height:4rem}"
    script = "getComputedStyle(document.body).getPropertyValue('--height')"
    assert trim_stylesheet(css, site(script=script)) == css


def test_unused_keyframes_are_dropped_and_used_ones_kept():
    """Are @keyframes kept only when a kept rule animates with them?"""
    css = "@keyframes spin{to{x:1}}@keyframes fade{to{y:1}}.card{animation:spin 1s}"
    assert trim_stylesheet(css, site()) == "@keyframes spin{to{x:1}}.card{animation:spin 1s}"


def test_font_faces_are_kept_only_for_families_a_kept_rule_names():
    """Is a @font-face left out when no kept rule uses its family?"""
    css = (
        '@font-face{font-family:"Icons";src:url(i.woff)}@font-face{font-family:Body;src:url(b.woff)}'
        ".absent{font-family:Icons}.card{font:1em/1 Body}"
    )
    assert trim_stylesheet(css, site()) == (
        "@font-face{font-family:Body;src:url(b.woff)}.card{font:1em/1 Body}"
    )


def test_comments_and_whitespace_are_dropped_and_values_kept():
    """Is the kept CSS minified without changing a declaration or an !important flag?"""
    css = "/* note */\n.card  >  p ,\n .note {\n  color : red !important ;\n  margin: 0 auto;\n}\n"
    assert trim_stylesheet(css, site()) == ".card>p,.note{color:red!important;margin:0 auto}"
