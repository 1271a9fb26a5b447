from django import forms, template

register = template.Library()


@register.filter
def bootstrap(field):
    """Render a form field's widget with Bootstrap's classes (and is-invalid when it has errors)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    if isinstance(widget, forms.SelectMultiple):
        attrs["size"] = 10
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def plain_number(value):
    """A decimal as written, without trailing zeros or an exponent: 80.00 → "80", 85.50 → "85.5" (never "8E+1");
    None stays empty."""
    from decimal import Decimal

    if value is None or value == "":
        return ""
    return format(Decimal(str(value)).normalize(), "f")


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist  # searched for blocks, so a `{% block %}` inside is still overridable
        self.name = name

    def render(self, context):
        context[self.name] = self.nodelist.render(context).strip()
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}`: renders its content into a context variable instead of the page,
    so base.html renders the page's title block once and shows it in the <title> and the breadcrumbs."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
