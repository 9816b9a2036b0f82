/**
 * {@code mem-escalate serve}: a read-only web view of a tracker directory's chains, on the JDK's own HTTP server. The
 * pages are the HTML report's ({@link dev.memescalate.report.html.HtmlReport}); the live counts come from the same
 * code as {@code status} ({@link dev.memescalate.view.StatusSession}), shared between viewers.
 */
package dev.memescalate.web;
