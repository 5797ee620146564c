-- The lockout counts wrong passwords of staff accounts as well as wrong PINs of cards: the key is a hash of the card
-- number or of the staff username (each with its own prefix), so the column is renamed for what it now holds.
alter table sign_in_failure rename column card_hash to account_hash;
