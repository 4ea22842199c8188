/*
 * seed.h: fill a rapport database with people and their history, for the
 * digest's screenshot test, the README sample and the benchmark. Rows are
 * inserted directly, as the recorders would have left them.
 */
#ifndef RAPPORT_SEED_H
#define RAPPORT_SEED_H

struct db;

/* The README's sample week, 2026-W48 (manager in Europe/Rome): four people in
 * four zones, one of each "needs attention" rule and each thing to celebrate. */
int	 seed_demo(struct db *);

/* people x weeks of history ending with week 2026-W48: check-ins and answers,
 * tasks and their history, goals, feedback, reviews and RSVPs, surveys,
 * outbox rows and inbound messages with their bytes. */
int	 seed_bench(struct db *, int people, int weeks);

#endif
