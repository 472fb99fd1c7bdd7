"""Page types of the start page, news, information areas, registers and help."""

from .accessibility import AccessibilityFeedback, AccessibilityStatementPage
from .areas import InformationAreaPage
from .content import ContentPage
from .help import HelpIndexPage, TutorialPage
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .registers import (
    FormFile,
    FormIndexPage,
    FormPage,
    FormPageTag,
    ServiceInstructionAttachment,
    ServiceInstructionIndexPage,
    ServiceInstructionPage,
    ServiceInstructionTag,
)
from .start import HomePage

__all__ = [
    "AccessibilityFeedback",
    "AccessibilityStatementPage",
    "ContentPage",
    "FormFile",
    "FormIndexPage",
    "FormPage",
    "FormPageTag",
    "HelpIndexPage",
    "HomePage",
    "InformationAreaPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "ServiceInstructionAttachment",
    "ServiceInstructionIndexPage",
    "ServiceInstructionPage",
    "ServiceInstructionTag",
    "TutorialPage",
]
