-- The text rules the store shares with the model: kpi_model.importer.numbers.normalise_code
-- (score_code: the form indicator codes are matched on) and kpi_model.achievement.is_report.
-- Python's whitespace and BMA's dashes (and a regular-expression class of both) are constants of the code (kpi_model.store.scoring
-- .text_rules), written in as literals so each macro is one constant expression per row; no
-- value from a file or a user reaches this text.
create or replace macro score_strip(t) as trim(t, {whitespace});
create or replace macro score_code(c) as array_to_string(
    list_transform(
        string_split(translate(score_strip(c), '๐๑๒๓๔๕๖๗๘๙', '0123456789'), '-'),
        lambda p: case when regexp_full_match(p, '[0-9]+') and length(p) < 4 then lpad(p, 4, '0') else p end
    ),
    '-'
);
-- What score_code keeps of a code, cheaply: its digits 1-9 in order, Thai ones as Arabic (the
-- 0s it pads, spaces and dashes dropped). Codes with the same score_code have the same
-- score_code_sign, so a match on it narrows the codes that score_code must be computed for.
create or replace macro score_code_sign(c) as translate(
    regexp_replace(c, '[^1-9๑-๙]', '', 'g'), '๑๒๓๔๕๖๗๘๙', '123456789'
);
create or replace macro score_is_report(t) as case
    when t is null then false
    when t <> '' and not regexp_matches(t, '^[{edge_class}]') and not regexp_matches(t, '[{edge_class}]$') then true
    else length(score_strip(trim(score_strip(t), {dashes}))) > 0
end
;
-- kpi_model.achievement.not_measured_word: the first of NOT_YET_MEASURED_WORDS in a report
create or replace macro score_nm_word(t) as list_filter({nm_words}, lambda w: contains(coalesce(t, ''), w))[1];
-- kpi_model.quality: the target line of a placeholder target of 0, as the page writes it
create or replace macro score_target_line(u) as case
    when coalesce(score_strip(u), '') = '' then 'ค่าเป้าหมาย : 0'
    else 'ค่าเป้าหมาย ' || score_strip(u) || ' : 0'
end