#pragma once
// Files of src/report/assets/, embedded at build time (cmake/embed_assets.cmake), so the HTML
// report's style and script are edited as CSS and JavaScript, not as C++ string literals.
namespace tplguard::report::assets {

extern const char kAuditReportCss[];  // assets/audit_report.css
extern const char kAuditReportJs[];   // assets/audit_report.js

}  // namespace tplguard::report::assets
